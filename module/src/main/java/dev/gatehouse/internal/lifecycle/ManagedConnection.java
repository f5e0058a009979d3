package dev.gatehouse.internal.lifecycle;

import dev.gatehouse.CloseCodes;
import dev.gatehouse.Connection;
import dev.gatehouse.ConnectionState;
import dev.gatehouse.ErrorCode;
import dev.gatehouse.VerifiedToken;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;
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
 * {@link FrameDispatcher}. The state, the token, the early-frame list and the expiry timers are
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

    private VerifiedToken token;
    private ConnectionState state = ConnectionState.CONNECTING;
    /** Frames received before READY, in order; null from READY on. */
    private List<String> early = new ArrayList<>(2);
    /** The close Gatehouse sent, or null while the client has not been closed by the server. */
    private CloseSent closeSent;
    /** The pending expiry step: the {@code session_expiring} warning, then the close at {@code exp}. */
    private ScheduledFuture<?> expiryTimer;

    private record CloseSent(int code, String reason) {
    }

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
    public synchronized VerifiedToken token() {
        return token;
    }

    @Override
    public synchronized ConnectionState state() {
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
        synchronized (this) {
            if (early != null) {
                keepEarly(text);
                return;
            }
            if (state != ConnectionState.READY) {
                return; // closing: the client's late frames are not handled
            }
        }
        runtime.dispatcher().dispatch(this, text);
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
        CloseSent sent;
        synchronized (this) {
            cancelExpiry();
            sent = closeSent;
        }
        if (moveTo(ConnectionState.CLOSED)) {
            // Report the close Gatehouse sent, not the container's view of the client's echo of it.
            runtime.closed(this, sent != null ? sent.code() : code, sent != null ? sent.reason() : reason);
        }
    }

    // ---- driven by the runtime, the dispatcher and the housekeeper ----

    /** CONNECTING → AUTHENTICATED → OPEN: the transport is open and the token verified. */
    void opened() {
        moveTo(ConnectionState.AUTHENTICATED);
        moveTo(ConnectionState.OPEN);
    }

    /** OPEN → READY: the welcome goes first, then the frames that arrived early, in order. */
    void ready() {
        synchronized (this) {
            if (!moveTo(ConnectionState.READY)) {
                return;
            }
            outbox.open(runtime.frames().welcome(id, token.subject(), token.expiresAt()));
            List<String> waiting = early;
            early = null;
            // Dispatched under the lock, so a frame arriving meanwhile cannot overtake them.
            waiting.forEach(text -> runtime.dispatcher().dispatch(this, text));
            scheduleExpiry(token.expiresAt());
        }
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

    /** Moves to {@code next} if that is a legal step, and tells the listeners. */
    boolean moveTo(ConnectionState next) {
        ConnectionState from;
        synchronized (this) {
            from = state;
            if (!from.canMoveTo(next)) {
                return false;
            }
            state = next;
        }
        runtime.transition(this, from, next);
        return true;
    }

    private void received() {
        long now = runtime.clock().millis();
        lastReceivedMillis = now;
        lastFrameMillis = now;
    }

    private void keepEarly(String text) {
        if (early.size() < runtime.config().readyQueueLimit()) {
            early.add(text);
        } else {
            outbox.send(runtime.frames().error(ErrorCode.RATE_LIMITED, "Too many frames before the welcome", null));
        }
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

    private void undeliverable() {
        LOG.log(Level.WARNING, "[{0}] frames cannot be delivered (client not reading, or the write failed): closing", id);
        abort(CloseCodes.TRY_AGAIN_LATER, "SLOW_CONSUMER");
    }

    /** Closes at once, dropping queued frames: for a peer that stopped reading or answering. */
    void abort(int code, String reason) {
        startClosing(code, reason);
        outbox.abort(code, reason);
    }

    /** CLOSING, remembering the close Gatehouse sends; false when already closing or closed. */
    private boolean startClosing(int code, String reason) {
        if (!moveTo(ConnectionState.CLOSING)) {
            return false;
        }
        synchronized (this) {
            closeSent = new CloseSent(code, reason);
        }
        return true;
    }
}
