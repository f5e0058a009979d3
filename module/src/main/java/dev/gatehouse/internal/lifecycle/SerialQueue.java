package dev.gatehouse.internal.lifecycle;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Runs one connection's tasks on a shared executor, one at a time and in order: a task starts when
 * the stage returned by the previous one completes. Bounded; a full queue refuses the task. A task
 * offered {@code inline} while the queue is idle runs on the offering thread instead (a handler
 * declared non-blocking, on the container's reading thread: no hand-off to a worker); what queues
 * behind it goes to the executor. All mutable state is guarded by {@code this}; no task runs under it.
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

    /** Queues a task for the executor; false when the queue is full. */
    boolean offer(Supplier<? extends CompletionStage<?>> task) {
        return offer(task, false);
    }

    /**
     * Queues a task; with {@code inline}, runs it on this thread when nothing runs or waits before
     * it. False when the queue is full.
     */
    boolean offer(Supplier<? extends CompletionStage<?>> task, boolean inline) {
        synchronized (this) {
            if (tasks.size() >= limit) {
                return false;
            }
            if (busy) {
                tasks.add(task);
                return true;
            }
            busy = true;
            if (!inline) {
                tasks.add(task);
            }
        }
        if (inline) {
            finishedInline(run(task).toCompletableFuture());
            return true;
        }
        return handOff();
    }

    /** Has the executor run what is queued; false (and nothing queued any more) when the workers are shut down. */
    private boolean handOff() {
        try {
            executor.execute(this::runNext);
            return true;
        } catch (RejectedExecutionException stopped) { // refuse, and stay usable
            synchronized (this) {
                tasks.clear();
                busy = false;
            }
            return false;
        }
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
                future.whenComplete((r, e) -> handOff());
                return;
            }
        }
    }

    /** After a task that ran inline: what queued behind it, or its stage's completion, goes to the executor. */
    private void finishedInline(CompletableFuture<?> done) {
        if (!done.isDone()) {
            done.whenComplete((r, e) -> handOff());
            return;
        }
        synchronized (this) {
            if (tasks.isEmpty()) {
                busy = false;
                return;
            }
        }
        handOff();
    }

    private static CompletionStage<?> run(Supplier<? extends CompletionStage<?>> task) {
        try {
            return task.get();
        } catch (RuntimeException | Error e) {
            return DONE; // tasks convert their own failures; this only keeps the queue moving
        }
    }
}
