package dev.gatehouse.internal.lifecycle;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Runs one connection's tasks on a shared executor, one at a time and in order: a task starts when
 * the stage returned by the previous one completes. Bounded; a full queue refuses the task. All
 * mutable state is guarded by {@code this}.
 */
final class SerialQueue {
    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private final Executor executor;
    private final int limit;
    private final ArrayDeque<Supplier<? extends CompletionStage<?>>> tasks = new ArrayDeque<>(2); // grows on demand
    /** True while a task is running or its stage is pending. */
    private boolean busy;

    SerialQueue(Executor executor, int limit) {
        this.executor = executor;
        this.limit = limit;
    }

    /** Queues a task; false when the queue is full. */
    boolean offer(Supplier<? extends CompletionStage<?>> task) {
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
        try {
            executor.execute(this::runNext);
        } catch (RejectedExecutionException stopped) { // the workers are shut down: refuse, and stay usable
            synchronized (this) {
                tasks.clear();
                busy = false;
            }
            return false;
        }
        return true;
    }

    /** Runs tasks until one is still pending or none is left. */
    private void runNext() {
        for (;;) {
            Supplier<? extends CompletionStage<?>> task;
            synchronized (this) {
                task = tasks.poll();
                if (task == null) {
                    busy = false;
                    return;
                }
            }
            CompletableFuture<?> future = run(task).toCompletableFuture();
            if (!future.isDone()) {
                future.whenComplete((r, e) -> executor.execute(this::runNext));
                return;
            }
        }
    }

    private static CompletionStage<?> run(Supplier<? extends CompletionStage<?>> task) {
        try {
            return task.get();
        } catch (RuntimeException | Error e) {
            return DONE; // tasks convert their own failures; this only keeps the queue moving
        }
    }
}
