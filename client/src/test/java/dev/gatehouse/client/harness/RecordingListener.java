package dev.gatehouse.client.harness;

import dev.gatehouse.client.CloseStatus;
import dev.gatehouse.client.ErrorReply;
import dev.gatehouse.client.Frame;
import dev.gatehouse.client.GatehouseClient;
import dev.gatehouse.client.PresenceEvent;
import dev.gatehouse.client.RoomRecovery;
import dev.gatehouse.client.Welcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records every listener call, in order, with the thread it came on; tests wait for the next call
 * of a kind ({@code welcome}, {@code close}, {@code stopped}, {@code error}, {@code frame},
 * {@code expiring}, {@code refreshed}, {@code reconnecting}, {@code joined}, {@code left},
 * {@code recovery}).
 */
public final class RecordingListener implements GatehouseClient.Listener {

    /**
     * One call.
     *
     * @param kind which callback
     * @param value its argument
     * @param thread the thread it ran on
     */
    public record Event(String kind, Object value, String thread) {
    }

    private final List<Event> events = new ArrayList<>();
    private final Map<String, Integer> cursors = new HashMap<>();

    private synchronized void record(String kind, Object value) {
        events.add(new Event(kind, value, Thread.currentThread().getName()));
        notifyAll();
    }

    /**
     * {@return the argument of the next call of the kind not yet taken, waiting for it}
     *
     * @param kind the kind
     * @param <T> the argument's type
     */
    @SuppressWarnings("unchecked")
    public synchronized <T> T next(String kind) {
        long deadline = System.nanoTime() + Waits.PATIENCE.toNanos();
        int from = cursors.getOrDefault(kind, 0);
        while (true) {
            List<Event> of = of(kind);
            if (of.size() > from) {
                cursors.put(kind, from + 1);
                return (T) of.get(from).value();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + kind + " within " + Waits.PATIENCE + "; calls so far: " + events);
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /**
     * {@return every call of the kind so far}
     *
     * @param kind the kind
     */
    public synchronized List<Event> of(String kind) {
        return events.stream().filter(e -> e.kind().equals(kind)).toList();
    }

    /** {@return every call so far} */
    public synchronized List<Event> all() {
        return List.copyOf(events);
    }

    @Override
    public void onFrame(Frame frame) {
        record("frame", frame);
    }

    @Override
    public void onWelcome(Welcome welcome) {
        record("welcome", welcome);
    }

    @Override
    public void onSessionExpiring(Instant expiresAt, long secondsLeft) {
        record("expiring", expiresAt);
    }

    @Override
    public void onTokenRefreshed(Instant expiresAt) {
        record("refreshed", expiresAt);
    }

    @Override
    public void onError(ErrorReply error) {
        record("error", error);
    }

    @Override
    public void onClose(CloseStatus status) {
        record("close", status);
    }

    @Override
    public void onReconnecting(int attempt, Duration delay) {
        record("reconnecting", delay);
    }

    @Override
    public void onStopped(String reason) {
        record("stopped", reason);
    }

    @Override
    public void onMemberJoined(PresenceEvent event) {
        record("joined", event);
    }

    @Override
    public void onMemberLeft(PresenceEvent event) {
        record("left", event);
    }

    @Override
    public void onRecovery(RoomRecovery recovery) {
        record("recovery", recovery);
    }
}
