package dev.gatehouse.examples.chat;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The users a moderator muted, whose {@code chat.send} {@link Chat} refuses: one set per
 * application (in a WAR, CDI injects this one bean into {@code Chat} and {@code Moderation}). At
 * most {@value #LIMIT} users; beyond, {@link #mute} refuses (returns false) until some are unmuted.
 *
 * <p>Thread-safe: {@link #mute} and {@link #unmute} synchronize on this (no I/O or user code
 * inside), so the bound holds; {@link #isMuted}, on every {@code chat.send}, takes no lock.
 */
@ApplicationScoped
public class Mutes {
    /** The most users muted at once. */
    public static final int LIMIT = 10_000;

    private final Set<String> muted = ConcurrentHashMap.newKeySet();

    /** {@return false when {@value #LIMIT} other users are muted already} */
    public synchronized boolean mute(String userId) {
        return muted.contains(userId) || muted.size() < LIMIT && muted.add(userId);
    }

    /** {@return whether the user was muted} */
    public synchronized boolean unmute(String userId) {
        return muted.remove(userId);
    }

    /** {@return whether the user is muted} */
    public boolean isMuted(String userId) {
        return muted.contains(userId);
    }
}
