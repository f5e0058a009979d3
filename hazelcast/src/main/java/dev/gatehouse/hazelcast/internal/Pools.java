package dev.gatehouse.hazelcast.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** The backplane's threads: daemon, named after the node. Stateless helpers. */
final class Pools {
    /** Blocking calls (queries, a ring buffer's tail, sweeps) waiting for an io thread beyond which they fail at once. */
    static final int IO_QUEUE = 1_000;
    /** Threads for blocking calls. */
    static final int IO_THREADS = 2;

    private Pools() {
    }

    static ScheduledThreadPoolExecutor single(String name) {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, daemon(name));
        e.setRemoveOnCancelPolicy(true);
        return e;
    }

    static ThreadPoolExecutor io(String name) {
        return new ThreadPoolExecutor(IO_THREADS, IO_THREADS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(IO_QUEUE), daemon(name));
    }

    /** A blocking call on an io thread; failed at once when the pool is full or closed. */
    static <T> CompletableFuture<T> call(ThreadPoolExecutor io, Supplier<T> call) {
        try {
            return CompletableFuture.supplyAsync(call, io);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException(io.isShutdown()
                    ? "the Hazelcast backplane is closed" : IO_QUEUE + " Hazelcast calls wait already"));
        }
    }

    /** Runs a task, or nothing when the executor is closed or full. */
    static boolean execute(java.util.concurrent.Executor e, Runnable task) {
        try {
            e.execute(task);
            return true;
        } catch (RejectedExecutionException closed) {
            return false;
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
