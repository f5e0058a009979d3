package dev.gatehouse.internal.lifecycle;

import java.util.ArrayList;
import java.util.List;

/** An {@link Inbound} that records the frames a connection dispatched, in order. Thread-safe. */
public final class RecordingInbound implements Inbound {
    private final List<String> texts = new ArrayList<>();

    @Override
    public synchronized void dispatch(ManagedConnection connection, String text) {
        texts.add(text);
    }

    /** The frames dispatched so far. */
    public synchronized List<String> texts() {
        return List.copyOf(texts);
    }
}
