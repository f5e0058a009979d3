package dev.gatehouse.client.internal;

import dev.gatehouse.client.ClientStoppedException;
import dev.gatehouse.client.CloseStatus;
import dev.gatehouse.client.ConnectionClosedException;
import dev.gatehouse.client.ErrorReplyException;
import dev.gatehouse.client.Frame;
import dev.gatehouse.client.HeldFramesFullException;
import dev.gatehouse.client.RequestTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * What the application sent that is not done yet: frames held until the next welcome (bounded), and
 * requests waiting for their answer, each with its timeout. Guarded by the session's lock (the
 * methods named {@code ...Locked} are called with it held; the timeout takes it). Futures are
 * completed on the event thread ({@link ClientThreads#post}), never here.
 */
final class Outgoing {
    private final Object lock;
    private final int maxHeld;
    private final ClientThreads threads;
    /** Frames sent while not ready, in order. */
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    /** Requests waiting for their answer, by id. */
    private final Map<String, Request> pending = new HashMap<>();

    Outgoing(Object lock, int maxHeld, ClientThreads threads) {
        this.lock = lock;
        this.maxHeld = maxHeld;
        this.threads = threads;
    }

    /**
     * Queues a frame on the ready socket, or holds it when there is none.
     *
     * @param text the frame
     * @param request the request it carries, or null
     * @param room the room it joins, or null
     * @param ready the socket of a ready connection, or null
     * @throws HeldFramesFullException when it would be held beyond the bound
     */
    void submitLocked(String text, Request request, String room, Socket ready) {
        if (ready != null) {
            ready.enqueue(text);
        } else if (held.size() >= maxHeld) {
            throw new HeldFramesFullException(maxHeld);
        } else {
            held.add(new Held(text, request, room));
        }
        if (request != null) {
            request.sentOn = ready;
            registerLocked(request);
        }
    }

    /** Queues a request on a socket ahead of everything held (a re-join after a welcome). */
    void sendFirstLocked(String text, Request request, Socket to) {
        request.sentOn = to;
        registerLocked(request);
        to.enqueue(text);
    }

    private void registerLocked(Request request) {
        pending.put(request.id, request);
        request.timer = threads.schedule(() -> timedOut(request), request.timeout);
    }

    private void timedOut(Request request) {
        synchronized (lock) {
            if (pending.remove(request.id) == null) {
                return;
            }
            held.removeIf(h -> h.request == request); // no use sending what nobody waits for
            threads.post(() -> request.future.completeExceptionally(
                    new RequestTimeoutException(request.type, request.id, request.timeout)));
        }
    }

    /** {@return the rooms whose join frame is held} */
    Set<String> heldRoomsLocked() {
        Set<String> rooms = new LinkedHashSet<>();
        held.stream().filter(h -> h.room != null).forEach(h -> rooms.add(h.room));
        return rooms;
    }

    /** Queues every held frame on the socket, in order. */
    void releaseLocked(Socket to) {
        for (Held h : held) {
            to.enqueue(h.text);
            if (h.request != null) {
                h.request.sentOn = to;
            }
        }
        held.clear();
    }

    /**
     * The answer to a request, if the frame answers one.
     *
     * @param frame the frame
     * @param error the error it carries, when it is an {@code error_message}
     */
    void answeredLocked(Frame frame, ErrorReplyException error) {
        Request answered = frame.replyTo().map(pending::remove).orElse(null);
        if (answered != null) {
            answered.timer.cancel(false);
            threads.post(error != null ? () -> answered.future.completeExceptionally(error)
                    : () -> answered.future.complete(frame));
        }
    }

    /** The requests that went out on a socket that ended fail; held ones wait for the next. */
    void failSentLocked(Socket gone, CloseStatus status) {
        List<Request> lost = new ArrayList<>();
        pending.values().removeIf(r -> r.sentOn == gone && lost.add(r));
        lost.forEach(r -> fail(r, new ConnectionClosedException(status)));
    }

    /** Everything fails: sent requests as closed, held ones as stopped; nothing stays held. */
    void failAllLocked(CloseStatus status, String reason) {
        pending.values().forEach(r -> fail(r, r.sentOn != null ? new ConnectionClosedException(status)
                : new ClientStoppedException(reason)));
        pending.clear();
        held.clear();
    }

    private void fail(Request r, RuntimeException e) {
        r.timer.cancel(false);
        threads.post(() -> r.future.completeExceptionally(e));
    }

    /** A frame sent while not ready. */
    private record Held(String text, Request request, String room) {
    }

    /** A request waiting for its answer. */
    static final class Request {
        final String type;
        final String id;
        final Duration timeout;
        final CompletableFuture<Frame> future = new CompletableFuture<>();
        /** The socket it went out on; null while held. Guarded by the session's lock. */
        Socket sentOn;
        /** Its timeout. Guarded by the session's lock. */
        ScheduledFuture<?> timer;

        Request(String type, String id, Duration timeout) {
            this.type = type;
            this.id = id;
            this.timeout = timeout;
        }
    }
}
