package dev.gatehouse.internal.lifecycle;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs one connection's tasks on a shared executor, one at a time and in order: a task starts when
 * the one before it is answered (its stage completes), on the same worker when it can (the run goes
 * on while tasks are answered as they return). Bounded; a full queue refuses the task.
 *
 * <p>A task's turn ends at its answer, not when its thread comes back: a task answered at its time
 * limit while its thread is still in application code passes its turn ({@link InboxTask}), the tasks
 * behind it go on on another worker, and the left-behind thread leaves the queue when it returns.
 *
 * <p>All mutable state is guarded by {@code this}; no task runs under it.
 */
final class SerialQueue {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final Executor executor;
    private final int limit;
    private final ArrayDeque<InboxTask> tasks = new ArrayDeque<>(2); // grows on demand
    /** True while a run is handed to the executor or a task has the turn. */
    private boolean busy;
    /** The task that has the turn, until it is answered; null between tasks. */
    private Turn turn;

    SerialQueue(Executor executor, int limit) {
        this.executor = executor;
        this.limit = limit;
    }

    /** Queues a task; false when the queue is full, or the executor refuses it (shut down). */
    boolean offer(InboxTask task) {
        synchronized (this) {
            if (tasks.size() >= limit) {
                return false;
            }
            tasks.add(task);
            if (busy) {
                return true;
            }
            busy = true;
        }
        return handOff();
    }

    /** Has the executor run what is queued; false (and nothing queued any more) when it refuses. */
    private boolean handOff() {
        try {
            executor.execute(this::drain);
            return true;
        } catch (RejectedExecutionException stopped) { // refuse, and stay usable
            synchronized (this) {
                tasks.clear();
                turn = null;
                busy = false;
            }
            return false;
        }
    }

    /** On a worker: runs tasks until one is pending, one's turn was passed on, or none is left. */
    private void drain() {
        for (;;) {
            Turn next;
            synchronized (this) {
                InboxTask task = tasks.poll();
                if (task == null) {
                    busy = false;
                    return;
                }
                next = new Turn(task);
                turn = next;
            }
            if (!next.runHere()) {
                return;
            }
        }
    }

    /** One task's turn. */
    private final class Turn {
        private final InboxTask task;

        Turn(InboxTask task) {
            this.task = task;
        }

        /**
         * Runs the task on this thread. True when it was answered before it returned and this thread
         * still has the queue; false when the turn is handed on from elsewhere (its stage completes
         * later) or was already.
         */
        boolean runHere() {
            CompletableFuture<?> stage = start();
            if (!stage.isDone()) {
                stage.whenComplete((r, e) -> pass());
                return false;
            }
            synchronized (SerialQueue.this) {
                if (turn != this) {
                    return false; // passed on at its time limit: another worker has the queue now
                }
                turn = null;
                return true;
            }
        }

        /** Ends this turn and hands the queue on; the first call only. Any thread. */
        void pass() {
            synchronized (SerialQueue.this) {
                if (turn != this) {
                    return;
                }
                turn = null;
                if (tasks.isEmpty()) {
                    busy = false;
                    return;
                }
            }
            handOff();
        }

        private CompletableFuture<?> start() {
            try {
                return task.start(this::pass).toCompletableFuture();
            } catch (RuntimeException | Error e) {
                return DONE; // tasks convert their own failures; this only keeps the queue moving
            }
        }
    }
}
