package dev.gatehouse.internal.lifecycle;

/**
 * Runs tasks once after a delay: Gatehouse's timer thread in production, a manual one in tests.
 * Tasks must be short and must not block.
 */
@FunctionalInterface
public interface Timer {

    /**
     * Schedules a task.
     *
     * @param task what to run
     * @param delayMillis after how long
     * @return cancels the task if it has not started
     */
    Cancellable schedule(Runnable task, long delayMillis);

    /** A scheduled task that can still be called off. */
    @FunctionalInterface
    interface Cancellable {
        /** Calls the task off; does nothing once it started or when called twice. */
        void cancel();
    }
}
