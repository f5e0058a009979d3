package dev.gatehouse.internal.lifecycle;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link Transport} that records every call in order ({@code "text:..."}, {@code "ping"},
 * {@code "close:CODE:REASON"}) and leaves each write in flight until the test completes it.
 */
class RecordingTransport implements Transport {
    final List<String> calls = new ArrayList<>();
    private final ArrayDeque<Consumer<Throwable>> inFlight = new ArrayDeque<>();

    @Override
    public synchronized void sendText(String text, Consumer<Throwable> done) {
        calls.add("text:" + text);
        inFlight.add(done);
    }

    @Override
    public synchronized void sendPing() {
        calls.add("ping");
    }

    @Override
    public synchronized void close(int code, String reason) {
        calls.add("close:" + code + ":" + reason);
    }

    /** How many writes are waiting for completion. */
    synchronized int inFlight() {
        return inFlight.size();
    }

    /** Completes the oldest write in flight, successfully or with a failure. */
    void complete(Throwable failure) {
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
    void completeAll() {
        while (inFlight() > 0) {
            complete(null);
        }
    }
}
