package dev.gatehouse.internal.lifecycle;

import dev.gatehouse.Connection;
import dev.gatehouse.ConnectionState;
import dev.gatehouse.spi.LifecycleListener;
import dev.gatehouse.spi.LifecycleManager;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The application's lifecycle listeners and the lifecycle manager's {@code release}, called for
 * every connection. Each call is wrapped: what a listener throws, {@code Error}s included, is logged
 * with the connection id and goes no further. Thread-safe; holds no lock.
 */
public final class Listeners {
    private static final Logger LOG = System.getLogger("dev.gatehouse.lifecycle");

    private final List<LifecycleListener> listeners;
    private final LifecycleManager manager;
    private final Executor executor;
    /** No listener and a manager whose release does nothing: no user code to run, so no worker needed. */
    private final boolean nobody;

    /**
     * Listeners called on {@code executor}.
     *
     * @param listeners the application's listeners
     * @param manager the lifecycle manager, released when a connection closes
     * @param releaseIsEmpty whether the manager's {@code release} does nothing (the default manager)
     * @param executor where the calls run (Gatehouse's workers)
     */
    public Listeners(List<LifecycleListener> listeners, LifecycleManager manager, boolean releaseIsEmpty, Executor executor) {
        this.listeners = List.copyOf(listeners);
        this.manager = manager;
        this.executor = executor;
        this.nobody = this.listeners.isEmpty() && releaseIsEmpty;
    }

    /** Runs one connection's calls: on the executor, or inline when they run no user code or the executor is stopped. */
    void run(Runnable calls) {
        if (nobody) {
            calls.run();
            return;
        }
        try {
            executor.execute(calls);
        } catch (RejectedExecutionException stopped) {
            calls.run();
        }
    }

    /** Tells every listener of a transition. */
    void transition(Connection connection, ConnectionState from, ConnectionState to) {
        for (LifecycleListener listener : listeners) {
            try {
                listener.onTransition(connection, from, to);
            } catch (Throwable t) {
                LOG.log(Level.WARNING, "[" + connection.id() + "] lifecycle listener failed", t);
            }
        }
    }

    /** Releases the connection from the manager, then tells every listener that it closed. */
    void closed(Connection connection, int code, String reason) {
        try {
            manager.release(connection);
        } catch (Throwable t) {
            LOG.log(Level.WARNING, "[" + connection.id() + "] lifecycle manager release failed", t);
        }
        for (LifecycleListener listener : listeners) {
            try {
                listener.onClosed(connection, code, reason);
            } catch (Throwable t) {
                LOG.log(Level.WARNING, "[" + connection.id() + "] lifecycle listener failed", t);
            }
        }
    }
}
