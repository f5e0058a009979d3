package dev.gatehouse.it.war.slow;

import dev.gatehouse.Connection;
import dev.gatehouse.ConnectionState;
import dev.gatehouse.spi.LifecycleListener;
import jakarta.enterprise.context.ApplicationScoped;

/** Hangs when a connection of a user named {@code hang-listener…} becomes READY (an audit log that does not answer). */
@ApplicationScoped
public class HangingListener implements LifecycleListener {
    /** The users whose transitions hang. */
    public static final String USERS = "hang-listener";

    @Override
    public void onTransition(Connection connection, ConnectionState from, ConnectionState to) {
        if (to == ConnectionState.READY && connection.userId().startsWith(USERS)) {
            Hang.await("listener");
        }
    }
}
