package dev.gatehouse.internal.lifecycle;

import dev.gatehouse.CloseCodes;
import dev.gatehouse.CloseReasons;
import dev.gatehouse.Connection;
import dev.gatehouse.ConnectionState;
import dev.gatehouse.ErrorCode;
import dev.gatehouse.Rooms;
import dev.gatehouse.VerifiedToken;
import dev.gatehouse.internal.metrics.GatehouseMetrics;
import dev.gatehouse.internal.text.Utf8;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One connection and its state machine (CONNECTING → … → CLOSED). Frames arrive from the
 * container's thread through {@link #onText}; before READY they wait in {@link EarlyFrames}, from
 * READY on they go to the {@link Inbound}. Frames to the client go through its {@link Outbox}.
 *
 * <p>Locking rule (as OkHttp's {@code RealWebSocket}): state changes happen under {@code this}; user
 * code (listeners, handlers) and transport calls happen after the lock is released, never under it.
 * Reads never block: the state and the token are volatile. A state change queues its listener call
 * in the same critical section ({@link Announcer}), and the call runs later on a worker, so
 * listeners hear a connection's transitions and its close in the order they happened. The early
 * frames, the close sent, the drop hook and the announcer are guarded by {@code this}; the
 * timestamps are volatile so the housekeeper reads them without locking.
 *
 * <p>Each close is logged once at INFO on {@code dev.gatehouse.lifecycle}: connection id, user id,
 * close code and reason, lifetime, frames in and out (never the token).
 */
public final class ManagedConnection implements Connection {
    private static final Logger LOG = System.getLogger("dev.gatehouse.lifecycle");

    private final String id;
    private final ConnectionContext context;
    private final Transport transport;
    private final Outbox outbox;
    private final SerialQueue inbox;
    private final RateLimiter rateLimiter;
    private final ExpiryTimer expiry;
    private final Announcer announcer;
    /** Created on first use: most connections never need one. */
    private volatile ConcurrentMap<String, Object> attributes;

    private volatile VerifiedToken token;
    /**
     * The token's revocation id ({@link dev.gatehouse.spi.Verification.Accepted#tokenId}: its
     * {@code jti}, or the hash of a token without one), or null when it was not named; never the
     * token. Written before {@link #token} when refreshed, and read after it, so that a reader who
     * sees the new token sees its id.
     */
    private volatile String tokenId;
    private volatile ConnectionState state = ConnectionState.CONNECTING;
    private final EarlyFrames early;
    /** The close Gatehouse sent, or null while the client has not been closed by the server. */
    private CloseSent closeSent;
    /**
     * Drops the socket at once, for a peer that does not complete a close Gatehouse started (it may
     * not even read it); set by the standalone server, null where the container has its own.
     */
    private Runnable drop;

    private record CloseSent(int code, String reason) {
    }

    /** When the upgrade completed, in {@link System#nanoTime()}: for the welcome and lifetime meters. */
    private final long openedNanos = System.nanoTime();
    /** Text frames received; only the container's reading thread of this connection changes it. */
    private volatile int framesIn;

    /** When the last frame of any kind (pongs included) arrived, in clock millis. */
    volatile long lastReceivedMillis;
    /** When the last text or binary frame arrived, for the idle timeout. */
    volatile long lastFrameMillis;
    /** When the unanswered server ping went out, or 0. */
    volatile long pingSentMillis;

    /** A connection in state CONNECTING, with a verified token and its revocation id (or null), over this transport. */
    public ManagedConnection(String id, VerifiedToken token, String tokenId, Transport transport,
            ConnectionContext context) {
        ConnectionLimits limits = context.limits();
        this.id = id;
        this.tokenId = tokenId;
        this.token = token;
        this.context = context;
        this.transport = transport;
        this.outbox = new Outbox(transport, limits.sendQueueLimit(), this::undeliverable, context.metrics());
        this.inbox = new SerialQueue(context.workers(), limits.handlerQueueLimit());
        this.rateLimiter = RateLimiter.of(limits.rateLimit(), context.clock());
        this.expiry = new ExpiryTimer(context.clock(), context.timer(), limits.expiryWarning(), limits.clockSkew(),
                at -> sendFrame(context.frames().sessionExpiring(at)),
                () -> closeWithError(ErrorCode.TOKEN_EXPIRED, "The token expired; reconnect with a new one"));
        this.announcer = new Announcer(this, context.listeners());
        this.early = new EarlyFrames(limits.readyQueueLimit());
        this.lastReceivedMillis = context.clock().millis();
        this.lastFrameMillis = lastReceivedMillis;
        context.metrics().connectionOpened();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public VerifiedToken token() {
        return token;
    }

    /** {@return the token's revocation id, or null when it was not named; read it after {@link #token()}} */
    public String tokenId() {
        return tokenId;
    }

    @Override
    public ConnectionState state() {
        return state;
    }

    @Override
    public Rooms rooms() {
        return context.rooms().apply(this);
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
        return sendFrame(context.frames().frame(type, data, null));
    }

    @Override
    public void close(int code, String reason) {
        CloseCodes.requireApplicationCode(code, reason);
        if (startClosing(code, reason)) {
            outbox.close(code, reason);
        }
    }

    /** Queues an encoded frame; false when closing or full (a full queue closes the connection). */
    public boolean sendFrame(String frame) {
        return outbox.send(frame);
    }

    /** Sends an {@code error_message}; the connection stays open. */
    public void sendError(ErrorCode code, String message, String replyTo) {
        outbox.send(context.frames().error(code, message, replyTo));
    }

    /** Sends an {@code error_message} and closes with the code's close code and the code as reason. */
    public void closeWithError(ErrorCode code, String message) {
        if (startClosing(code.closeCode(), code.name())) {
            LOG.log(Level.DEBUG, "[{0}] closing with {1}", id, code);
            outbox.closeWith(context.frames().error(code, message, null), code.closeCode(), code.name());
        }
    }

    /** A text frame from the client. Never blocks on handlers. */
    public void onText(String text) {
        received();
        framesIn++; // one reading thread at a time per connection
        context.metrics().frameIn(text);
        int limit = context.limits().maxMessageSize();
        if (Utf8.exceeds(text, limit)) {
            closeWithError(ErrorCode.MESSAGE_TOO_LARGE, "Frame exceeds " + limit + " bytes");
            return;
        }
        boolean overBound;
        synchronized (this) {
            if (!early.isCollecting() && state != ConnectionState.READY) {
                return; // closing: the client's late frames are not handled
            }
            overBound = early.isCollecting() && !early.add(text);
            if (early.isCollecting() && !overBound) {
                context.metrics().earlyFrame();
                return;
            }
        }
        if (overBound) {
            context.metrics().rateLimited();
            sendFrame(context.frames().errorAnswering(ErrorCode.RATE_LIMITED, "Too many frames before the welcome", text));
        } else {
            context.inbound().dispatch(this, text);
        }
    }

    /** A binary frame: not part of the protocol, answered and kept open. */
    public void onBinary() {
        received();
        sendError(ErrorCode.UNSUPPORTED_FRAME, "Binary frames are not supported; send JSON text frames", null);
    }

    /** A pong answering the heartbeat. */
    public void onPong() {
        lastReceivedMillis = context.clock().millis();
        pingSentMillis = 0;
    }

    /** The transport closed, by either side. Idempotent. */
    public void onClosed(int code, String reason) {
        Runnable transition;
        int reportedCode;
        String reportedReason;
        synchronized (this) {
            transition = step(ConnectionState.CLOSED, null);
            if (transition == null) {
                return;
            }
            // Report the close Gatehouse sent, not the container's view of the client's echo of it.
            reportedCode = closeSent != null ? closeSent.code() : code;
            reportedReason = closeSent != null ? closeSent.reason() : reason;
            announcer.queue(() -> context.listeners().closed(this, reportedCode, reportedReason)); // after the transition
        }
        long lifetime = System.nanoTime() - openedNanos;
        context.metrics().connectionClosed(reportedCode, reportedReason, lifetime);
        LOG.log(Level.INFO, "[{0}] closed {1,number,#} {2} after {3,number,#} ms: user {4}, frames in {5,number,#}, out {6,number,#}", id, reportedCode,
                reportedReason == null || reportedReason.isEmpty() ? "-" : reportedReason, lifetime / 1_000_000,
                token.subject(), framesIn, outbox.framesWritten());
        outbox.silence(); // the transport is gone: send() refuses from now on, and nothing is written to it
        expiry.cancel();
        context.onClosed().accept(this);
        announcer.start(transition);
    }

    /**
     * The layer below the WebSocket container (the standalone frame guard) already sent this close,
     * for a client that broke the protocol or the size limit: nothing more is written, and the
     * listeners hear this close when the socket is gone.
     */
    public void closedBelow(int code, String reason) {
        if (startClosing(code, reason)) {
            LOG.log(Level.DEBUG, "[{0}] closed by the frame guard: {1,number,#} {2}", id, code, reason);
        }
        outbox.silence();
    }

    /**
     * How to drop this connection's socket at once if it is still open. Every close Gatehouse
     * starts runs it {@link ConnectionLimits#closeGraceMillis()} later, a close started before the
     * hook was given included: a client that stops reading would otherwise keep its close frame, and
     * the socket, waiting forever.
     */
    public void dropWith(Runnable dropSocket) {
        boolean closing;
        synchronized (this) {
            drop = dropSocket;
            closing = state == ConnectionState.CLOSING; // started before the hook, so it scheduled no drop
        }
        if (closing) {
            scheduleDrop(dropSocket);
        }
    }

    /** CONNECTING → AUTHENTICATED → OPEN: the transport is open and the token verified. */
    public void opened() {
        moveTo(ConnectionState.AUTHENTICATED);
        moveTo(ConnectionState.OPEN);
    }

    /**
     * OPEN → READY: the welcome goes first, then the listeners hear of it, then the frames that
     * arrived early are dispatched in order. Frames arriving meanwhile join the early ones until all
     * of them are dispatched, so none overtakes another.
     */
    public void ready() {
        Runnable transition;
        synchronized (this) {
            transition = step(ConnectionState.READY, null);
        }
        if (transition == null) {
            return;
        }
        VerifiedToken t = token;
        outbox.open(context.frames().welcome(id, t.subject(), t.expiresAt()));
        context.metrics().welcome(System.nanoTime() - openedNanos);
        expiry.schedule(t.expiresAt());
        announcer.start(transition);
        for (List<String> batch = takeEarly(); batch != null; batch = takeEarly()) {
            batch.forEach(text -> context.inbound().dispatch(this, text));
        }
    }

    private synchronized List<String> takeEarly() {
        return early.takeBatch();
    }

    /** Readiness failed or timed out: {@code SERVICE_UNAVAILABLE} and close 1013. */
    public void notReady(GatehouseMetrics.ReadinessFailure cause, String why) {
        context.metrics().readinessFailed(cause);
        LOG.log(Level.WARNING, "[{0}] not ready: {1}", id, why);
        closeWithError(ErrorCode.SERVICE_UNAVAILABLE, "The service is not ready; try again later");
    }

    /**
     * Queues a task behind the connection's earlier frames, for a worker; it starts when the task
     * before it is answered. False when the queue is full.
     */
    public boolean offerToHandlers(InboxTask task) {
        return inbox.offer(task);
    }

    /** Whether the client is within its frame rate. */
    public boolean withinRate() {
        return rateLimiter.tryAcquire();
    }

    /** Replaces the token and its revocation id after {@code auth_refresh}, and moves the expiry. */
    public void refreshed(VerifiedToken newToken, String newTokenId) {
        tokenId = newTokenId;
        token = newToken;
        if (state == ConnectionState.READY) {
            expiry.schedule(newToken.expiresAt());
        }
    }

    /** Sends a heartbeat ping. */
    void ping(long nowMillis) {
        pingSentMillis = nowMillis;
        transport.sendPing();
    }

    /** Closes at once, dropping queued frames: for a peer that stopped reading or answering. */
    void abort(int code, String reason) {
        startClosing(code, reason);
        outbox.abort(code, reason);
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
        announcer.start(transition);
        return true;
    }

    /**
     * Guarded by this. Moves to {@code next} if that is a legal step, remembering {@code close} when
     * given. Returns null when the step is illegal, else what the caller passes to
     * {@link Announcer#start} after the lock.
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
        return announcer.queue(() -> context.listeners().transition(this, from, next));
    }

    /** CLOSING, remembering the close Gatehouse sends; false when already closing or closed. */
    private boolean startClosing(int code, String reason) {
        Runnable transition;
        Runnable dropSocket;
        synchronized (this) {
            transition = step(ConnectionState.CLOSING, new CloseSent(code, reason));
            dropSocket = drop; // read with the step: dropWith then schedules it exactly when this does not
        }
        if (transition == null) {
            return false;
        }
        if (dropSocket != null) {
            scheduleDrop(dropSocket);
        }
        announcer.start(transition);
        return true;
    }

    /** Not on the connection's state: the container may report the close before the socket is gone. */
    private void scheduleDrop(Runnable dropSocket) {
        context.timer().schedule(dropSocket, context.limits().closeGraceMillis());
    }

    private void received() {
        long now = context.clock().millis();
        lastReceivedMillis = now;
        lastFrameMillis = now;
    }

    /**
     * The outbox gave up: the client stopped reading (null), the client went away while a frame was
     * written (an {@link IOException}, or a failure after the transport closed: an ordinary close,
     * which the transport reports), or the write failed unexpectedly.
     */
    private void undeliverable(Throwable failure) {
        if (failure == null) {
            LOG.log(Level.WARNING, "[{0}] the client is not reading: {1,number,#} frames wait for it; closing",
                    id, context.limits().sendQueueLimit());
        } else if (state == ConnectionState.CLOSED || wentAway(failure)) {
            LOG.log(Level.DEBUG, "[{0}] the client went away while a frame was written: {1}", id, failure);
            if (state != ConnectionState.CLOSED) {
                transport.close(CloseCodes.GOING_AWAY, ""); // for a container that has not noticed yet
            }
            return;
        } else {
            LOG.log(Level.WARNING, "[" + id + "] a frame could not be written; closing", failure);
        }
        abort(CloseCodes.TRY_AGAIN_LATER, CloseReasons.SLOW_CONSUMER);
    }

    /** Whether a write failed because the connection is gone: {@link Transport#sendText} reports that as an I/O error. */
    private static boolean wentAway(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
