package dev.gatehouse.internal.lifecycle;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * An executor that only queues; the test runs the tasks, so interleavings are explicit and a test
 * can see that nothing ran before it drained the queue. Thread-safe.
 */
public final class ManualExecutor implements Executor {
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable command) {
        tasks.add(command);
    }

    /** How many tasks wait. */
    public synchronized int pending() {
        return tasks.size();
    }

    /** Runs the waiting tasks, and those they queue, until none is left. */
    public void runAll() {
        for (Runnable r = poll(); r != null; r = poll()) {
            r.run();
        }
    }

    private synchronized Runnable poll() {
        return tasks.poll();
    }
}
