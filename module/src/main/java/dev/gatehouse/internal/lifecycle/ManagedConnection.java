package dev.gatehouse.internal.lifecycle;

import dev.gatehouse.CloseCodes;
import dev.gatehouse.Connection;
import dev.gatehouse.ConnectionState;
import dev.gatehouse.ErrorCode;
import dev.gatehouse.VerifiedToken;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One connection and its state machine. Frames arrive from the container's thread through
 * {@link #onText}; before READY they wait in a bounded list, from READY on they go to the
 * {@link FrameDispatcher}.
 *
 * <p>Locking rule (as OkHttp's {@code RealWebSocket}): state changes happen under {@code this};
 * user code (listeners, handlers) and transport calls happen after the lock is released, never
 * under it. Reads never block: the state and the token are volatile. A state change is queued for
 * the listeners in the same critical section that makes it, and one worker at a time tells them
 * ({@link #announce}), so listeners hear a connection's transitions and its close in the order they
 * happened, with no lock held and off the container's and the timer's threads. The early-frame list, the close sent and the expiry timer are
 * guarded by {@code this}; the timestamps are volatile so the housekeeper reads them without locking.
 */
public final class ManagedConnection implements Connection {
    private static final Logger LOG = System.getLogger(ManagedConnection.class.getName());

    private final String id;
    private final GatehouseRuntime runtime;
    private final Transport transport;
    private final Outbox outbox;
    private final SerialQueue inbox;
    private final RateLimiter rateLimiter;
    /** Created on first use: most connections never need one. */
    private volatile ConcurrentMap<String, Object> attributes;

    private volatile VerifiedToken token;
    private volatile ConnectionState state = ConnectionState.CONNECTING;
    /** Frames received before READY, and while the early ones are being dispatched, in order; null after. */
    private List<String> early = new ArrayList<>(2);
    /** True while a thread is telling the listeners; others queue their news in {@link #news}. */
    private boolean announcing;
    /** Listener calls waiting for the announcing thread, in order; created on first contention. */
    private ArrayDeque<Runnable> news;
    /** The close Gatehouse sent, or null while the client has not been closed by the server. */
    private CloseSent closeSent;
    /** The pending expiry step: the {@code session_expiring} warning, then the close at {@code exp}. */
    private ScheduledFuture<?> expiryTimer;
    /**
     * Drops the socket at once, for a peer that does not complete a close Gatehouse started (it
     * may not even read it); set by the standalone server, null where the container has its own.
     */
    private volatile Runnable drop;

    private record CloseSent(int code, String reason) {
    }

    /** Returned by {@link #step} when another thread announces the transition. */
    private static final Runnable QUEUED = () -> { };

    /** When the last frame of any kind (pongs included) arrived, in clock millis. */
    volatile long lastReceivedMillis;
    /** When the last text or binary frame arrived, for the idle timeout. */
    volatile long lastFrameMillis;
    /** When the unanswered server ping went out, or 0. */
    volatile long pingSentMillis;

    ManagedConnection(String id, VerifiedToken token, Transport transport, GatehouseRuntime runtime) {
        this.id = id;
        this.token = token;
        this.runtime = runtime;
        this.transport = transport;
        this.outbox = new Outbox(transport, GatehouseRuntime.SEND_QUEUE_LIMIT, this::undeliverable);
        this.inbox = new SerialQueue(runtime.workers(), runtime.config().handlerQueueLimit());
        this.rateLimiter = RateLimiter.of(runtime.config().rateLimit(), runtime.clock());
        this.lastReceivedMillis = runtime.clock().millis();
        this.lastFrameMillis = lastReceivedMillis;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public VerifiedToken token() {
        return token;
    }

    @Override
    public ConnectionState state() {
        return state;
    }

    @Override
    public ConcurrentMap<String, Object> attributes() {
        ConcurrentMap<String, Object> map = attributes;
        if (map == null) {
            synchronized (this) {
                map = attributes;
                if (map == null) {
                    map = new ConcurrentHashMap<>(4);
                    attributes = map;
                }
            }
        }
        return map;
    }

    @Override
    public boolean send(String type, Object data) {
        return sendFrame(runtime.frames().frame(type, data, null));
    }

    @Override
    public void close(int code, String reason) {
        if (startClosing(code, reason)) {
            outbox.close(code, reason);
        }
    }

    /** Queues an encoded frame; false when closing or full. */
    public boolean sendFrame(String frame) {
        return outbox.send(frame);
    }

    /** Sends an {@code error_message}; the connection stays open. */
    public void sendError(ErrorCode code, String message, String replyTo) {
        outbox.send(runtime.frames().error(code, message, replyTo));
    }

    /** Sends an {@code error_message} and closes with the code's close code and the code as reason. */
    public void closeWithError(ErrorCode code, String message) {
        if (startClosing(code.closeCode(), code.name())) {
            LOG.log(Level.DEBUG, "[{0}] closing with {1}", id, code);
            outbox.closeWith(runtime.frames().error(code, message, null), code.closeCode(), code.name());
        }
    }

    /** A text frame from the client. Never blocks on handlers. */
    public void onText(String text) {
        received();
        int limit = runtime.config().maxMessageSize();
        if (Utf8.exceeds(text, limit)) {
            closeWithError(ErrorCode.MESSAGE_TOO_LARGE, "Frame exceeds " + limit + " bytes");
            return;
        }
        boolean overEarlyBound;
        synchronized (this) {
            if (early == null && state != ConnectionState.READY) {
                return; // closing: the client's late frames are not handled
            }
            overEarlyBound = early != null && early.size() >= runtime.config().readyQueueLimit();
            if (early != null && !overEarlyBound) {
                early.add(text);
                return;
            }
        }
        if (overEarlyBound) {
            sendError(ErrorCode.RATE_LIMITED, "Too many frames before the welcome", null);
        } else {
            runtime.dispatcher().dispatch(this, text);
        }
    }

    /** A binary frame: not part of the protocol, answered and kept open. */
    public void onBinary() {
        received();
        sendError(ErrorCode.UNSUPPORTED_FRAME, "Binary frames are not supported; send JSON text frames", null);
    }

    /** A pong answering the heartbeat. */
    public void onPong() {
        lastReceivedMillis = runtime.clock().millis();
        pingSentMillis = 0;
    }

    /** The transport closed, by either side. Idempotent. */
    public void onClosed(int code, String reason) {
        Runnable transition;
        synchronized (this) {
            transition = step(ConnectionState.CLOSED, null);
            if (transition == null) {
                return;
            }
            cancelExpiry();
            // Report the close Gatehouse sent, not the container's view of the client's echo of it.
            int reportedCode = closeSent != null ? closeSent.code() : code;
            String reportedReason = closeSent != null ? closeSent.reason() : reason;
            queue(() -> runtime.closed(this, reportedCode, reportedReason)); // announced right after the transition
        }
        runtime.unregister(this);
        announce(transition);
    }

    // ---- driven by the runtime, the dispatcher and the housekeeper ----

    /** CONNECTING → AUTHENTICATED → OPEN: the transport is open and the token verified. */
    void opened() {
        moveTo(ConnectionState.AUTHENTICATED);
        moveTo(ConnectionState.OPEN);
    }

    /**
     * OPEN → READY: the welcome goes first, then the listeners hear of it, then the frames that
     * arrived early are dispatched in order. Frames arriving meanwhile join the early ones until all
     * of them are dispatched, so none overtakes another.
     */
    void ready() {
        Runnable transition;
        synchronized (this) {
            transition = step(ConnectionState.READY, null);
            if (transition == null) {
                return;
            }
            scheduleExpiry(token.expiresAt());
        }
        outbox.open(runtime.frames().welcome(id, token.subject(), token.expiresAt()));
        announce(transition);
        for (List<String> batch = takeEarly(); batch != null; batch = takeEarly()) {
            batch.forEach(text -> runtime.dispatcher().dispatch(this, text));
        }
    }

    /** The frames waiting to be dispatched, or null when none is left (frames are then dispatched as they come). */
    private synchronized List<String> takeEarly() {
        List<String> batch = early;
        if (batch.isEmpty()) {
            early = null;
            return null;
        }
        early = new ArrayList<>(2);
        return batch;
    }

    /** Readiness failed or timed out: {@code SERVICE_UNAVAILABLE} and close 1013. */
    void notReady(String why) {
        LOG.log(Level.WARNING, "[{0}] not ready: {1}", id, why);
        closeWithError(ErrorCode.SERVICE_UNAVAILABLE, "The service is not ready; try again later");
    }

    /** Queues a task behind the connection's earlier frames; false when its queue is full. */
    public boolean offerToHandlers(Supplier<? extends CompletionStage<?>> task) {
        return inbox.offer(task);
    }

    /** Whether the client is within its frame rate. */
    public boolean withinRate() {
        return rateLimiter.tryAcquire();
    }

    /** Replaces the token after {@code auth_refresh} and moves the expiry timers. */
    public synchronized void refreshed(VerifiedToken newToken) {
        token = newToken;
        scheduleExpiry(newToken.expiresAt());
    }

    /** Sends a heartbeat ping. */
    void ping(long nowMillis) {
        pingSentMillis = nowMillis;
        transport.sendPing();
    }

    /** Moves to {@code next} if that is a legal step, and tells the listeners, after the lock. */
    boolean moveTo(ConnectionState next) {
        Runnable transition;
        synchronized (this) {
            transition = step(next, null);
        }
        if (transition == null) {
            return false;
        }
        announce(transition);
        return true;
    }

    /**
     * Guarded by this. Moves to {@code next} if that is a legal step, remembering {@code close} when
     * given. Returns null when the step is illegal, else the listener call the caller announces
     * after the lock ({@link #QUEUED} when another thread is announcing and took it).
     */
    private Runnable step(ConnectionState next, CloseSent close) {
        ConnectionState from = state;
        if (!from.canMoveTo(next)) {
            return null;
        }
        state = next;
        if (close != null) {
            closeSent = close;
        }
        Runnable transition = () -> runtime.transition(this, from, next);
        return queue(transition) ? transition : QUEUED;
    }

    /**
     * Guarded by this. True when the caller is to announce {@code call} itself; false when another
     * thread (or the caller, further up its stack) is announcing and has queued it.
     */
    private boolean queue(Runnable call) {
        if (!announcing) {
            announcing = true;
            return true;
        }
        if (news == null) {
            news = new ArrayDeque<>(2);
        }
        news.add(call);
        return false;
    }

    /**
     * Has a worker run {@code first}, then whatever is queued meanwhile, in order: listener calls
     * never run under the lock, nor on the container's or the timer's thread.
     */
    private void announce(Runnable first) {
        if (first != QUEUED) {
            runtime.tellListeners(() -> drainNews(first));
        }
    }

    private void drainNews(Runnable first) {
        for (Runnable call = first; call != null; ) {
            try {
                call.run();
            } catch (Throwable t) { // the runtime wraps user code; this keeps later news flowing regardless
                LOG.log(Level.WARNING, "[" + id + "] telling the lifecycle listeners failed", t);
            }
            synchronized (this) {
                call = news == null ? null : news.poll();
                announcing = call != null;
            }
        }
    }

    private void received() {
        long now = runtime.clock().millis();
        lastReceivedMillis = now;
        lastFrameMillis = now;
    }

    /** Guarded by this. One timer at a time: the warning (when due later), then the close at {@code exp}. */
    private void scheduleExpiry(Instant expiresAt) {
        cancelExpiry();
        long untilExpiry = expiresAt.toEpochMilli() - runtime.clock().millis();
        long warning = runtime.config().expiryWarning().toMillis();
        if (warning > 0 && untilExpiry > 0) {
            expiryTimer = runtime.timer().schedule(() -> warnOfExpiry(expiresAt),
                    Math.max(0, untilExpiry - warning), TimeUnit.MILLISECONDS);
        } else {
            scheduleExpiryClose(untilExpiry);
        }
    }

    private void warnOfExpiry(Instant expiresAt) {
        sendFrame(runtime.frames().sessionExpiring(expiresAt));
        synchronized (this) {
            if (state == ConnectionState.READY && token.expiresAt().equals(expiresAt)) { // open, not refreshed meanwhile
                scheduleExpiryClose(expiresAt.toEpochMilli() - runtime.clock().millis());
            }
        }
    }

    /** Guarded by this. */
    private void scheduleExpiryClose(long delayMillis) {
        expiryTimer = runtime.timer().schedule(
                () -> closeWithError(ErrorCode.TOKEN_EXPIRED, "The token expired; reconnect with a new one"),
                Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
    }

    /** Guarded by this. */
    private void cancelExpiry() {
        if (expiryTimer != null) {
            expiryTimer.cancel(false);
        }
    }

    private void undeliverable(Throwable failure) {
        if (failure == null) {
            LOG.log(Level.WARNING, "[{0}] the client is not reading: {1} frames wait for it; closing",
                    id, GatehouseRuntime.SEND_QUEUE_LIMIT);
        } else {
            LOG.log(Level.WARNING, "[" + id + "] a frame could not be written; closing", failure);
        }
        abort(CloseCodes.TRY_AGAIN_LATER, "SLOW_CONSUMER");
    }

    /**
     * The layer below the WebSocket container (the standalone frame guard) already sent this close,
     * for a client that broke the protocol or the size limit: nothing more is written, and the
     * listeners hear this close when the socket is gone.
     */
    public void closedBelow(int code, String reason) {
        if (startClosing(code, reason)) {
            LOG.log(Level.DEBUG, "[{0}] closed by the frame guard: {1} {2}", id, code, reason);
        }
        outbox.silence();
    }

    /** Closes at once, dropping queued frames: for a peer that stopped reading or answering. */
    void abort(int code, String reason) {
        startClosing(code, reason);
        outbox.abort(code, reason);
    }

    /**
     * How to drop this connection's socket at once if it is still open. Every close Gatehouse
     * starts runs it {@link GatehouseRuntime#CLOSE_GRACE_MILLIS} later: a client that stops reading
     * would otherwise keep its close frame, and the socket, waiting forever.
     */
    public void dropWith(Runnable dropSocket) {
        this.drop = dropSocket;
    }

    /** CLOSING, remembering the close Gatehouse sends; false when already closing or closed. */
    private boolean startClosing(int code, String reason) {
        Runnable transition;
        synchronized (this) {
            transition = step(ConnectionState.CLOSING, new CloseSent(code, reason));
        }
        if (transition == null) {
            return false;
        }
        Runnable dropSocket = drop;
        if (dropSocket != null) {
            // Not on the connection's state: the container may report the close before the socket is gone.
            runtime.schedule(dropSocket, GatehouseRuntime.CLOSE_GRACE_MILLIS);
        }
        announce(transition);
        return true;
    }
}
