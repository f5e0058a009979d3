package dev.gatehouse.client.internal;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client's two threads. The event thread runs every listener call, subscriber, token source call
 * and completion of an application's future, one at a time, in the order they were posted; a task
 * that throws is logged and ignored. The timer thread runs reconnect delays, request timeouts and
 * the heartbeat. {@link #post} and {@link #schedule} only queue, so the session calls them under its
 * lock, which makes the order of the events the order of its changes.
 */
final class ClientThreads {
    private static final System.Logger LOG = System.getLogger(ClientThreads.class.getName());
    private static final AtomicLong CLIENTS = new AtomicLong();

    private final ExecutorService events;
    private final ScheduledExecutorService timers;

    ClientThreads() {
        String name = "gatehouse-client-" + CLIENTS.incrementAndGet();
        this.events = Executors.newSingleThreadExecutor(daemon(name + "-events"));
        this.timers = Executors.newSingleThreadScheduledExecutor(daemon(name + "-timers"));
    }

    /** Queues a task on the event thread; after {@link #finish()} it is dropped. */
    void post(Runnable task) {
        try {
            events.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "A GatehouseClient listener threw", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.DEBUG, "Event after the client finished, dropped");
        }
    }

    /** {@return the task, scheduled once on the timer thread after the delay} */
    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return timers.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** {@return the task, scheduled on the timer thread every period} */
    ScheduledFuture<?> every(Runnable task, Duration period) {
        long millis = period.toMillis();
        return timers.scheduleAtFixedRate(task, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Lets both threads go once the tasks posted so far have run; pending timers are dropped. */
    void finish() {
        post(timers::shutdownNow);
        post(events::shutdown);
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
