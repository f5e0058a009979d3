package dev.gatehouse.internal.lifecycle;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;

/**
 * One connection's listener calls, run in the order they were queued, one at a time, on the
 * listeners' executor, never under the connection's lock. The connection queues a call in the same
 * critical section as the state change it reports ({@link #queue}, under the connection's lock), and
 * starts the run after releasing the lock ({@link #start}). Its state is guarded by the connection's
 * lock, which the caller passes in as {@code lock}.
 */
final class Announcer {
    private static final Logger LOG = System.getLogger("dev.gatehouse.lifecycle");
    /** What {@link #queue} returns when a run is already under way and will take the call. */
    static final Runnable QUEUED = () -> { };

    private final Object lock;
    private final Listeners listeners;
    /** True while a run is under way. */
    private boolean running;
    /** Calls waiting for the run under way; created on first contention, most connections never need it. */
    private ArrayDeque<Runnable> backlog;

    Announcer(Object lock, Listeners listeners) {
        this.lock = lock;
        this.listeners = listeners;
    }

    /**
     * Guarded by the lock. Queues a call: returns it when the caller is to {@link #start} a run with
     * it, or {@link #QUEUED} when the run under way takes it.
     */
    Runnable queue(Runnable call) {
        if (!running) {
            running = true;
            return call;
        }
        if (backlog == null) {
            backlog = new ArrayDeque<>(2);
        }
        backlog.add(call);
        return QUEUED;
    }

    /** Starts a run with the call {@link #queue} returned; without the lock held. */
    void start(Runnable first) {
        if (first != QUEUED) {
            listeners.run(() -> drain(first));
        }
    }

    private void drain(Runnable first) {
        for (Runnable call = first; call != null; ) {
            try {
                call.run();
            } catch (Throwable t) { // the calls wrap user code; this only keeps later calls flowing regardless
                LOG.log(Level.WARNING, "A lifecycle announcement failed", t);
            }
            synchronized (lock) {
                call = backlog == null ? null : backlog.poll();
                running = call != null;
            }
        }
    }
}
