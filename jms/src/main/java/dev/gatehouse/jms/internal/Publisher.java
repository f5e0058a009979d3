package dev.gatehouse.jms.internal;

import jakarta.jms.JMSException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The publishing thread: sends what {@link #offer} queued, in order, on the current link's one
 * session and producer, so that what a node publishes arrives everywhere in the order it was
 * published. The queue is bounded; beyond it a publish fails at once and is counted. A send that
 * fails marks the link broken (the link thread replaces it); what is queued meanwhile fails as it
 * comes. Callers never wait.
 */
final class Publisher {
    private final ArrayBlockingQueue<Outgoing> queue;
    private final Supplier<Link> link;
    private final Thread thread;
    private final AtomicLong queueFull = new AtomicLong();
    private volatile boolean closed;

    /** A message waiting to be sent. */
    private record Outgoing(String topic, String message, CompletableFuture<Void> done) {
    }

    Publisher(int capacity, Supplier<Link> link, ThreadFactory threads, String name) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.link = link;
        this.thread = Threads.of(threads, this::run, name);
    }

    void start() {
        thread.start();
    }

    /** Queues a message; fails at once when the queue is full. */
    CompletionStage<?> offer(String topic, String message) {
        Outgoing o = new Outgoing(topic, message, new CompletableFuture<>());
        if (!queue.offer(o)) {
            queueFull.incrementAndGet();
            return CompletableFuture.failedFuture(new RejectedExecutionException("The JMS broker is not keeping up: "
                    + (queue.size() + queue.remainingCapacity()) + " publishes wait for it"));
        }
        return o.done;
    }

    /** {@return publishes refused because the queue was full, since the start} */
    long queueFull() {
        return queueFull.get();
    }

    /** Stops after the send under way; what is still queued fails. */
    void close(long deadlineNanos) {
        closed = true;
        try {
            long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            if (left > 0 && thread != Thread.currentThread()) {
                thread.join(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (!closed) {
                Outgoing o = queue.poll(250, TimeUnit.MILLISECONDS);
                if (o != null) {
                    send(o);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Outgoing o;
            while ((o = queue.poll()) != null) {
                o.done.completeExceptionally(new IllegalStateException("The JMS backplane closed"));
            }
        }
    }

    private void send(Outgoing o) {
        Link l = link.get();
        if (l == null || l.broken() != null) {
            o.done.completeExceptionally(new IllegalStateException("Not connected to the JMS broker"));
            return;
        }
        try {
            l.publish(o.topic, o.message);
            o.done.complete(null);
        } catch (JMSException | RuntimeException e) {
            l.broken("a send failed: " + Threads.describe(e));
            o.done.completeExceptionally(e);
        }
    }
}
