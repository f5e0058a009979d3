package dev.gatehouse.client.internal;

import dev.gatehouse.client.ErrorReply;
import dev.gatehouse.client.Frame;
import dev.gatehouse.client.GatehouseClient;
import dev.gatehouse.client.Protocol;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Who hears of a received frame: the listener's {@code onFrame}, the {@code on(type)} subscribers,
 * then the listener's typed callback for a session expiring, a presence event or an error. Each call
 * is its own task on the event thread (one that throws does not skip the rest); {@link #postLocked}
 * only posts them, so the session calls it under its lock, in the order frames arrive. The
 * subscriber lists are concurrent: subscribing takes no lock.
 */
final class FrameListeners {
    private final GatehouseClient.Listener listener;
    private final ClientThreads threads;
    private final Map<String, List<Consumer<Frame>>> subscribers = new ConcurrentHashMap<>();

    FrameListeners(GatehouseClient.Listener listener, ClientThreads threads) {
        this.listener = listener;
        this.threads = threads;
    }

    /**
     * Subscribes to the frames of one type.
     *
     * @param type the frame type
     * @param subscriber what to call
     * @return unsubscribes
     */
    Runnable on(String type, Consumer<Frame> subscriber) {
        List<Consumer<Frame>> list = subscribers.computeIfAbsent(type, t -> new CopyOnWriteArrayList<>());
        Consumer<Frame> entry = subscriber::accept; // its own identity, so one subscriber can subscribe twice
        list.add(entry);
        return () -> list.remove(entry);
    }

    /**
     * Posts the calls a frame makes (the welcome's and {@code token_refreshed}'s are the session's).
     *
     * @param frame the frame
     * @param event its system event, or empty
     */
    void postLocked(Frame frame, String event) {
        threads.post(() -> listener.onFrame(frame));
        subscribers.getOrDefault(frame.type(), List.of()).forEach(s -> threads.post(() -> s.accept(frame)));
        switch (event) {
            case Protocol.SESSION_EXPIRING -> {
                Instant at = Frames.instant(frame.data(), "expires_at").orElse(Instant.EPOCH);
                long left = (long) Frames.number(frame.data(), "seconds_left").orElse(0);
                threads.post(() -> listener.onSessionExpiring(at, left));
            }
            case Protocol.MEMBER_JOINED -> threads.post(() -> listener.onMemberJoined(Frames.presence(frame.data())));
            case Protocol.MEMBER_LEFT -> threads.post(() -> listener.onMemberLeft(Frames.presence(frame.data())));
            default -> { }
        }
        if (Protocol.ERROR_MESSAGE.equals(frame.type())) {
            threads.post(() -> listener.onError(ErrorReply.of(frame)));
        }
    }
}
