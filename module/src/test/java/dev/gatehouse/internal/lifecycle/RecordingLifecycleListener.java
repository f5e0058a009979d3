package dev.gatehouse.internal.lifecycle;

import dev.gatehouse.Connection;
import dev.gatehouse.ConnectionState;
import dev.gatehouse.spi.LifecycleListener;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link LifecycleListener} that records every transition as {@code "FROM->TO"} and every close as
 * {@code "closed CODE REASON"}, in the order it heard them. Thread-safe.
 */
public final class RecordingLifecycleListener implements LifecycleListener {
    private final List<String> events = new ArrayList<>();

    @Override
    public synchronized void onTransition(Connection connection, ConnectionState from, ConnectionState to) {
        events.add(from + "->" + to);
    }

    @Override
    public synchronized void onClosed(Connection connection, int code, String reason) {
        events.add("closed " + code + " " + reason);
    }

    /** What it heard so far. */
    public synchronized List<String> events() {
        return List.copyOf(events);
    }
}
