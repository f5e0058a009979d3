package dev.gatehouse.internal.lifecycle;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Gatehouse's threads for application code: a pool in which a call that overstays its time limit
 * gives its place to a new thread, so that code which never returns (an uninterruptible wait, a
 * read without a timeout) costs its own thread and nothing else.
 *
 * <p>A bounded elastic pool: while fewer than {@code size} tasks run within their limits, a task gets
 * a thread at once (a new one while there are fewer than {@code size}, as a
 * {@link ThreadPoolExecutor} starts them); beyond, tasks wait. Threads idle for a minute end.
 * When a task is found past its
 * limit ({@link #overstayed}, called by whoever answered for it at the limit, or by
 * {@link #execute(Runnable, long)}'s own timer), it stops counting: the pool grows by one thread,
 * and the tasks behind it go on. At most {@code maxStuck} tasks overstay at once; beyond that, an
 * overstaying task keeps its place, so the pool works on with fewer threads until one returns (a
 * WARNING, and the {@code gatehouse.workers.stuck} gauge at its cap, say so). When an overstaying
 * task returns, the pool shrinks back: its thread ends once idle. Tasks wait in a FIFO queue of at
 * most {@code queueLimit}; beyond it {@link #execute} throws {@link RejectedExecutionException}, as
 * it does once the pool is shut down.
 *
 * <p>Thread-safe. The overstaying count and the pool's size are guarded by {@code this}; no task runs
 * under it (resizing the executor may start a thread, nothing more).
 */
public final class Workers implements Executor {
    private static final Logger LOG = System.getLogger("dev.gatehouse.lifecycle");
    private static final ThreadLocal<Run> CURRENT = new ThreadLocal<>();

    private final String name;
    private final int size;
    private final int maxStuck;
    private final Timer timer;
    private final ThreadPoolExecutor threads;
    private final BurstLog capReached;
    /** Tasks past their limit still holding a thread, counted in the pool's size. Guarded by this. */
    private int stuck;

    /**
     * A pool.
     *
     * @param name names the threads ({@code name-1}, …) and the meters' {@code pool} tag
     * @param size tasks that run at once within their limits
     * @param maxStuck tasks that may overstay at once, each replaced by a new thread
     * @param queueLimit tasks that may wait for a thread
     * @param timer times {@link #execute(Runnable, long)}
     * @param factory makes the threads (platform or virtual)
     */
    public Workers(String name, int size, int maxStuck, int queueLimit, Timer timer, ThreadFactory factory) {
        this.name = name;
        this.size = size;
        this.maxStuck = maxStuck;
        this.timer = timer;
        this.capReached = new BurstLog(LOG, "Gatehouse " + name + ": " + maxStuck
                + " calls are past their time limit and still running; the pool runs with fewer threads until they return", 60);
        this.threads = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(queueLimit),
                factory) {
            @Override
            protected void afterExecute(Runnable task, Throwable failure) {
                Thread.interrupted(); // an interrupt meant for a call that overstayed stays with it
            }
        };
        threads.allowCoreThreadTimeOut(true); // each task gets a thread, started on demand up to the size; idle ones end
    }

    /** Daemon platform threads named {@code prefix-1}, {@code prefix-2}, …. */
    public static ThreadFactory daemonThreads(String prefix) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Runs a task whose caller watches its time: the caller calls {@link #overstayed} with
     * {@link #current()} when the task is past its limit.
     *
     * @throws RejectedExecutionException when the queue is full or the pool is shut down
     */
    @Override
    public void execute(Runnable task) {
        threads.execute(new Run(task));
    }

    /**
     * Runs a task with a time limit of its own: if it is still running {@code limitMillis} after it
     * started, it {@linkplain #overstayed overstays}. Nothing interrupts it.
     *
     * @throws RejectedExecutionException when the queue is full or the pool is shut down
     */
    public void execute(Runnable task, long limitMillis) {
        threads.execute(new Run(() -> {
            Run self = CURRENT.get();
            Timer.Cancellable limit = timer.schedule(() -> overstayed(self), limitMillis);
            try {
                task.run();
            } finally {
                limit.cancel();
            }
        }));
    }

    /** {@return the task this thread runs for a pool, or null on any other thread} */
    public static Run current() {
        return CURRENT.get();
    }

    /**
     * A task is past its time limit and still running: unless it already returned, it stops
     * counting against the pool's size and a new thread takes the tasks behind it, up to
     * {@code maxStuck} at once. Idempotent; any thread.
     *
     * @param run the task, from {@link #current()} on its thread; null does nothing
     */
    public void overstayed(Run run) {
        if (run == null || run.pool() != this) {
            return;
        }
        synchronized (this) {
            if (run.finished || run.overstaying) {
                return;
            }
            if (stuck >= maxStuck) {
                capReached.event(run.thread.getName());
                return;
            }
            run.overstaying = true;
            stuck++;
            resize();
        }
    }

    /** {@return tasks past their limit still holding a thread} */
    public synchronized int stuck() {
        return stuck;
    }

    /** {@return tasks waiting for a thread} */
    public int queued() {
        return threads.getQueue().size();
    }

    /** {@return the pool's name, the meters' {@code pool} tag} */
    public String name() {
        return name;
    }

    /** Takes no new task; the queued ones still run. */
    public void shutdown() {
        threads.shutdown();
    }

    /**
     * Waits until every task ran, at most {@code nanos}.
     *
     * @return true when all did
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitTermination(long nanos) throws InterruptedException {
        return threads.awaitTermination(nanos, TimeUnit.NANOSECONDS);
    }

    /** Drops the queued tasks and interrupts the running ones. */
    public void shutdownNow() {
        threads.shutdownNow();
    }

    /** Guarded by this. The executor's size follows the overstaying count; growing raises the maximum first. */
    private void resize() {
        int target = size + stuck;
        if (target > threads.getMaximumPoolSize()) {
            threads.setMaximumPoolSize(target);
            threads.setCorePoolSize(target);
        } else {
            threads.setCorePoolSize(target);
            threads.setMaximumPoolSize(target);
        }
    }

    private void finished(Run run) {
        synchronized (this) {
            run.finished = true;
            if (run.overstaying) {
                stuck--;
                resize();
                LOG.log(Level.DEBUG, "{0}: a call returned after its time limit", run.thread.getName());
            }
        }
    }

    /** One task on one of the pool's threads; its flags are guarded by the pool. */
    public final class Run implements Runnable {
        private final Runnable task;
        private Thread thread;
        private boolean overstaying;
        private boolean finished;

        private Run(Runnable task) {
            this.task = task;
        }

        private Workers pool() {
            return Workers.this;
        }

        @Override
        public void run() {
            thread = Thread.currentThread();
            CURRENT.set(this);
            try {
                task.run();
            } catch (Throwable t) { // tasks answer their own failures; this only keeps the thread
                LOG.log(Level.WARNING, "A Gatehouse task failed", t);
            } finally {
                CURRENT.remove();
                finished(this);
            }
        }
    }
}
