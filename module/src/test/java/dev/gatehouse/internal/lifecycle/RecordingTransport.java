package dev.gatehouse.internal.lifecycle;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A {@link Transport} that records every call in order ({@code "text:..."}, {@code "ping"},
 * {@code "close:CODE:REASON"}) and leaves each write in flight until the test completes it, or,
 * made with {@link #completing()}, completes each write at once. Thread-safe.
 */
public class RecordingTransport implements Transport {
    private final List<String> calls = new ArrayList<>();
    private final ArrayDeque<Consumer<Throwable>> inFlight = new ArrayDeque<>();
    private final boolean completing;
    /** Told of each close, as a container tells its endpoint; null for nobody. */
    private volatile ManagedConnection closes;

    /** A transport that leaves every write in flight until {@link #complete} or {@link #completeAll}. */
    public RecordingTransport() {
        this(false);
    }

    private RecordingTransport(boolean completing) {
        this.completing = completing;
    }

    /** A transport whose writes succeed at once, as for a client that reads everything. */
    public static RecordingTransport completing() {
        return new RecordingTransport(true);
    }

    /** From now on a close also reports {@code onClosed(code, reason)} to the connection, as a container does. */
    public void reportClosesTo(ManagedConnection connection) {
        this.closes = connection;
    }

    @Override
    public void sendText(String text, Consumer<Throwable> done) {
        record("text:" + text);
        if (completing) {
            done.accept(null);
        } else {
            synchronized (this) {
                inFlight.add(done);
            }
        }
    }

    @Override
    public void sendPing() {
        record("ping");
    }

    @Override
    public void close(int code, String reason) {
        record("close:" + code + ":" + reason);
        ManagedConnection c = closes;
        if (c != null) {
            c.onClosed(code, reason);
        }
    }

    private synchronized void record(String call) {
        calls.add(call);
        notifyAll();
    }

    /** Every call so far. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** The calls so far with each text frame in a few words ({@link Frames#summary}) and a close as {@code "close CODE REASON"}. */
    public List<String> summary() {
        return calls().stream().map(RecordingTransport::summarize).toList();
    }

    /** The text frames written so far. */
    public List<String> texts() {
        return calls().stream().filter(c -> c.startsWith("text:")).map(c -> c.substring(5)).toList();
    }

    /**
     * Waits until the calls so far satisfy {@code condition}, up to {@code timeout}, for a call another
     * thread makes; returns them, or fails naming what it saw.
     */
    public List<String> await(Predicate<List<String>> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            for (long left = timeout.toMillis(); !condition.test(calls); left = (deadline - System.nanoTime()) / 1_000_000) {
                if (left <= 0) {
                    throw new AssertionError("Not seen within " + timeout + "; calls: " + summary());
                }
                wait(left);
            }
            return List.copyOf(calls);
        }
    }

    /** How many writes are waiting for completion. */
    public synchronized int inFlight() {
        return inFlight.size();
    }

    /** Completes the oldest write in flight, successfully or with a failure. */
    public void complete(Throwable failure) {
        Consumer<Throwable> done;
        synchronized (this) {
            done = inFlight.poll();
        }
        if (done == null) {
            throw new AssertionError("No write in flight");
        }
        done.accept(failure);
    }

    /** Completes writes until none is in flight. */
    public void completeAll() {
        while (inFlight() > 0) {
            complete(null);
        }
    }

    private static String summarize(String call) {
        if (call.startsWith("text:")) {
            return Frames.summary(call.substring(5));
        }
        return call.replace(':', ' ');
    }
}
