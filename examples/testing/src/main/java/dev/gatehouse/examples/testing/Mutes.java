package dev.gatehouse.examples.testing;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The users a moderator muted: the service {@link Chat} is given, in memory here. */
@ApplicationScoped
public class Mutes {
    private final Set<String> muted = ConcurrentHashMap.newKeySet();

    /**
     * Mutes a user.
     *
     * @param user the user's id
     */
    public void mute(String user) {
        muted.add(user);
    }

    /**
     * Whether a user is muted.
     *
     * @param user the user's id
     * @return true once muted
     */
    public boolean isMuted(String user) {
        return muted.contains(user);
    }
}
