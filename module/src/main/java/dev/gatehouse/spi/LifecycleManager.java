package dev.gatehouse.spi;

import dev.gatehouse.Connection;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Decides when an open connection is ready for its welcome. The default runs every
 * {@link ReadinessCheck} and {@link ConnectionSetup}. Gatehouse drives the state machine around it:
 * it bounds the returned stage by {@code gatehouse.ready.timeout}, sends the welcome when the stage
 * completes normally, and answers {@code SERVICE_UNAVAILABLE} with close 1013 when it fails or times
 * out. A custom manager therefore cannot hang a connection or skip its welcome.
 */
public interface LifecycleManager {

    /**
     * Prepares a connection in state OPEN. Called on Gatehouse's lifecycle pool, so that even a
     * {@code prepare} that blocks is bounded by the ready timeout and holds no container thread (one
     * that blocks past it leaves its thread to it, and a new one takes the others' work).
     *
     * @param connection the connection
     * @return a stage that completes normally when the connection may become READY
     */
    CompletionStage<Void> prepare(Connection connection);

    /**
     * Releases what {@link #prepare} set up; called once when the connection is closed.
     *
     * @param connection the connection
     */
    default void release(Connection connection) {
    }

    /**
     * The default policy, for a custom manager to wrap: every readiness check in turn, then every
     * setup step at once; ready when all passed.
     *
     * @param checks the application-wide readiness checks
     * @param setups the per-connection setup steps
     * @return a manager running them
     */
    static LifecycleManager defaults(List<ReadinessCheck> checks, List<ConnectionSetup> setups) {
        return new DefaultLifecycle(checks, setups);
    }
}
