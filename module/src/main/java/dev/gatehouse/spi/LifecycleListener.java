package dev.gatehouse.spi;

import dev.gatehouse.Connection;
import dev.gatehouse.ConnectionState;

/**
 * Observes connections change state, for metrics or audit. Every method does nothing by default.
 * Called on a thread of Gatehouse's lifecycle pool (never a handler's, never a container's I/O
 * thread), one call at a time per connection and in the order the changes happened, never while
 * Gatehouse holds a lock: a listener may call anything, {@code connections().count()} included. A
 * slow listener delays only the later listener calls of its own connection; one that runs past
 * {@code gatehouse.handler.timeout} keeps its thread, and a new thread takes the other connections'
 * calls. At shutdown the calls still queued get five seconds. An exception is logged and ignored.
 */
public interface LifecycleListener {

    /**
     * A connection moved from one state to the next.
     *
     * @param connection the connection
     * @param from its previous state
     * @param to its new state
     */
    default void onTransition(Connection connection, ConnectionState from, ConnectionState to) {
    }

    /**
     * A connection closed; called once, after the move to {@link ConnectionState#CLOSED}.
     *
     * @param connection the connection
     * @param code the close code
     * @param reason the close reason
     */
    default void onClosed(Connection connection, int code, String reason) {
    }
}
