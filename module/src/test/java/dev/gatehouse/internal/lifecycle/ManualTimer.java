package dev.gatehouse.internal.lifecycle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A {@link Timer} that runs nothing until the test calls {@link #advance}: then every task due by
 * then runs, in order of due time (and of scheduling for equal times), on the calling thread, with
 * its {@link ManualClock} moved to the task's due time first. Tasks may schedule and cancel others.
 * Thread-safe: another thread may schedule and cancel while a test advances.
 */
public final class ManualTimer implements Timer {
    private static final Comparator<Task> ORDER = Comparator.<Task>comparingLong(t -> t.due).thenComparingLong(t -> t.seq);

    private final ManualClock clock;
    private final List<Task> tasks = new ArrayList<>();
    private long sequence;

    /** A timer over its own clock, standing at {@code start}. */
    public ManualTimer(Instant start) {
        this(new ManualClock(start));
    }

    /** A timer over this clock. */
    public ManualTimer(ManualClock clock) {
        this.clock = clock;
    }

    /** The clock this timer moves. */
    public ManualClock clock() {
        return clock;
    }

    @Override
    public synchronized Cancellable schedule(Runnable task, long delayMillis) {
        Task t = new Task(clock.millis() + Math.max(0, delayMillis), sequence++, task);
        tasks.add(t);
        return t;
    }

    /** Moves the clock {@code millis} forward, running every task that falls due on the way. */
    public void advance(long millis) {
        long target = clock.millis() + millis;
        for (Task task = takeDue(target); task != null; task = takeDue(target)) {
            if (task.due > clock.millis()) {
                clock.set(task.due);
            }
            task.body.run();
        }
        if (target > clock.millis()) {
            clock.set(target);
        }
    }

    /** How many tasks wait, neither run nor cancelled. */
    public synchronized int pending() {
        return tasks.size();
    }

    private synchronized Task takeDue(long target) {
        Task first = tasks.stream().filter(t -> t.due <= target).min(ORDER).orElse(null);
        if (first != null) {
            tasks.remove(first);
        }
        return first;
    }

    private final class Task implements Cancellable {
        final long due;
        final long seq;
        final Runnable body;

        Task(long due, long seq, Runnable body) {
            this.due = due;
            this.seq = seq;
            this.body = body;
        }

        @Override
        public void cancel() {
            synchronized (ManualTimer.this) {
                tasks.remove(this);
            }
        }
    }
}
