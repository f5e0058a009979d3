package dev.gatehouse.client.internal;

import dev.gatehouse.client.CloseStatus;
import dev.gatehouse.client.ErrorReply;
import dev.gatehouse.client.ErrorReplyException;
import dev.gatehouse.client.Frame;
import dev.gatehouse.client.GatehouseClient;
import dev.gatehouse.client.Position;
import dev.gatehouse.client.Protocol;
import dev.gatehouse.client.RoomMember;
import dev.gatehouse.client.RoomRecovery;
import dev.gatehouse.client.Welcome;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The client: one logical session over a series of WebSockets ({@link Socket}s). It keeps the
 * state and the order of things; its parts keep the rest: {@link Outgoing} the held frames and
 * pending requests, {@link Rooms} the rooms to join again, {@link Positions} where the client stands
 * in each room's stream (repeats dropped, {@code recover} after a welcome),
 * {@link TokenRefresh} the in-band refresh,
 * {@link RefusedTokens} the token-failure decision, {@link Reconnects} the backoff,
 * {@link Heartbeat} the ping and the silence, {@link Handshake} the opening, {@link FrameListeners}
 * and {@link Welcomes} what the application hears, {@link ClientThreads} where it hears it.
 *
 * <p><b>Locking rule.</b> All mutable state here and in those parts is guarded by {@link #lock}
 * (positions included: a frame's position is checked and advanced under the lock in the same step
 * that posts its listener calls, so the listeners see each frame of a room once, in order).
 * Under the lock the session only changes fields, queues texts on a socket ({@link Socket#enqueue},
 * no I/O), schedules timers and posts tasks to the event thread ({@link ClientThreads#post}). It
 * never calls the listener, an application callback, the token source or the network under the
 * lock: sockets are flushed, opened and closed after it is released, and listener calls and the
 * completion of the application's futures run on the client's single event thread, in the order
 * they were posted (which is the order of the changes, since posting happens under the lock).
 * Frames arrive on the JDK's WebSocket thread, which the session never blocks; timers run on their
 * own thread.
 */
public final class ClientSession implements GatehouseClient, Socket.Events {
    private static final System.Logger LOG = System.getLogger(ClientSession.class.getName());
    /** What held requests and the futures of a client closed by its application fail with. */
    private static final String CLOSED_BY_APPLICATION = "closed by the application";

    private final Settings settings;
    private final Object lock = new Object();
    private final ClientThreads threads = new ClientThreads();
    private final AtomicLong ids = new AtomicLong();
    private final TokenSource tokenSource;
    private final FrameListeners listeners;
    private final Welcomes welcomes = new Welcomes(threads);

    // Guarded by lock, as are the parts below.
    private State state = State.CONNECTING;
    private boolean started;
    /** Set by close(): whatever ends next ends for good. */
    private boolean closedByApplication;
    /** The socket being opened or open; null between sockets. */
    private Socket socket;
    /** The current welcome; null when not ready. */
    private Welcome welcome;
    /** The current connection's heartbeat; null when none runs. */
    private Heartbeat heartbeat;
    private final Outgoing outgoing;
    private final Rooms rooms = new Rooms();
    private final Positions positions = new Positions();
    private final TokenRefresh refresh = new TokenRefresh();
    private final RefusedTokens refused = new RefusedTokens();
    private final Reconnects reconnects;

    /**
     * A client with checked settings; use {@link GatehouseClient#builder}.
     *
     * @param settings the settings
     */
    public ClientSession(Settings settings) {
        this.settings = settings;
        this.tokenSource = new TokenSource(settings, threads);
        this.listeners = new FrameListeners(settings.listener(), threads);
        this.outgoing = new Outgoing(lock, settings.maxHeldFrames(), threads);
        this.reconnects = new Reconnects(settings.reconnect(), threads);
    }

    @Override
    public CompletableFuture<Welcome> connect() {
        synchronized (lock) {
            if (started || state == State.CLOSED) {
                return welcomes.first;
            }
            started = true;
        }
        openWith(null);
        return welcomes.first;
    }

    @Override
    public CompletableFuture<Welcome> ready() {
        synchronized (lock) {
            return welcomes.next;
        }
    }

    @Override
    public void send(String type, JsonObject data) {
        submit(Frames.encode(type, data, null), null, null);
    }

    @Override
    public void sendText(String frame) {
        submit(frame, null, null);
    }

    @Override
    public CompletableFuture<Frame> request(String type, JsonObject data) {
        return request(type, data, settings.requestTimeout());
    }

    @Override
    public CompletableFuture<Frame> request(String type, JsonObject data, Duration timeout) {
        return request(type, data, timeout, null);
    }

    private CompletableFuture<Frame> request(String type, JsonObject data, Duration timeout, Rooms.Join join) {
        String id = nextId();
        Outgoing.Request request = new Outgoing.Request(type, id, timeout);
        submit(Frames.encode(type, data, id), request, join);
        return request.future;
    }

    @Override
    public Runnable on(String type, Consumer<Frame> listener) {
        return listeners.on(type, listener);
    }

    @Override
    public CompletableFuture<Frame> joinRoom(String room) {
        return joinRoom(room, "chat.join", Frames.object("room", room));
    }

    @Override
    public CompletableFuture<Frame> joinRoom(String room, String type, JsonObject data) {
        Rooms.Join join = new Rooms.Join(Objects.requireNonNull(room, "room"), type, data);
        return request(type, data, settings.requestTimeout(), join);
    }

    @Override
    public void leaveRoom(String room) {
        synchronized (lock) {
            rooms.forgetLocked(room);
            positions.leftLocked(settings.gatehouseRoom().apply(room));
        }
    }

    @Override
    public void leaveRoom(String room, String type, JsonObject data) {
        leaveRoom(room);
        send(type, data);
    }

    @Override
    public Set<String> rooms() {
        synchronized (lock) {
            return rooms.namesLocked();
        }
    }

    @Override
    public Optional<Position> position(String room) {
        synchronized (lock) {
            return positions.positionLocked(Objects.requireNonNull(room, "room"));
        }
    }

    @Override
    public Optional<RoomRecovery> recovery(String room) {
        synchronized (lock) {
            return positions.recoveryLocked(Objects.requireNonNull(room, "room"));
        }
    }

    @Override
    public CompletableFuture<List<RoomMember>> members(String room) {
        return request(Protocol.ROOM_MEMBERS, Frames.object("room", Objects.requireNonNull(room, "room")))
                .thenApply(Frames::members);
    }

    @Override
    public Optional<Position> userPosition() {
        return position("");
    }

    @Override
    public Optional<RoomRecovery> userRecovery() {
        return recovery("");
    }

    @Override
    public State state() {
        synchronized (lock) {
            return state;
        }
    }

    @Override
    public Optional<Welcome> welcome() {
        synchronized (lock) {
            return Optional.ofNullable(welcome);
        }
    }

    @Override
    public CompletableFuture<CloseStatus> close() {
        return close(Protocol.NORMAL, "");
    }

    @Override
    public CompletableFuture<CloseStatus> close(int code, String reason) {
        if (code != Protocol.NORMAL && (code < 3000 || code > 4999)) {
            throw new IllegalArgumentException("close: a client closes with 1000 or 3000-4999, not " + code);
        }
        if (reason.getBytes(StandardCharsets.UTF_8).length > 123) {
            throw new IllegalArgumentException("close: the reason is longer than 123 bytes");
        }
        Socket open;
        synchronized (lock) {
            if (state == State.CLOSED) {
                return welcomes.closed;
            }
            open = closeLocked(new CloseStatus(code, reason, false, false));
        }
        if (open != null) {
            open.close(code, reason);
        }
        return welcomes.closed;
    }

    /**
     * Closed for good: everything pending fails, and without an open socket it is all over.
     *
     * @param status the close
     * @return the open socket, to close after the lock is released; null when there is none
     */
    private Socket closeLocked(CloseStatus status) {
        closedByApplication = true;
        state = State.CLOSED;
        cancelTimersLocked();
        outgoing.failAllLocked(status, CLOSED_BY_APPLICATION);
        Socket open = socket != null && socket.isOpen() ? socket : null;
        if (open == null) {
            socket = null;
            finishLocked(status, CLOSED_BY_APPLICATION);
        } else { // a server that does not answer the close within the handshake timeout is dropped
            threads.schedule(() -> {
                open.abort();
                ended(open, new Ending(status, Decision.STOP, null));
            }, settings.connectTimeout());
        }
        return open;
    }

    /** Sends or holds a frame; a join is remembered in the same step, so a welcome cannot come between. */
    private void submit(String text, Outgoing.Request request, Rooms.Join join) {
        Socket ready;
        synchronized (lock) {
            if (state == State.CLOSED) {
                throw new IllegalStateException("GatehouseClient is closed");
            }
            ready = state == State.READY ? socket : null;
            outgoing.submitLocked(text, request, join == null ? null : join.room(), ready);
            if (join != null) {
                rooms.rememberLocked(join);
                positions.joinedLocked(settings.gatehouseRoom().apply(join.room()));
            }
        }
        if (ready != null) {
            ready.flush();
        }
    }

    private String nextId() {
        return Long.toString(ids.incrementAndGet());
    }

    // ---- connecting

    /** Asks the token source (unless a token is given), then opens a socket with the token. */
    private void openWith(String token) {
        CompletableFuture<String> stage = token != null ? CompletableFuture.completedFuture(token) : tokenSource.ask();
        stage.whenComplete((t, error) -> {
            if (t == null) {
                tokenSourceFailed(error);
            } else {
                open(t);
            }
        });
    }

    /** Backs off and asks again, as after a server that is down; stops when the policy does not reconnect. */
    private void tokenSourceFailed(Throwable error) {
        if (!settings.reconnect().enabled()) {
            LOG.log(System.Logger.Level.WARNING, "The token source failed; reconnecting is off, so the client stops", error);
            synchronized (lock) {
                if (state != State.CLOSED) {
                    stopLocked(new CloseStatus(Protocol.ABNORMAL, "", false, false),
                            "the token source failed and reconnecting is off");
                }
            }
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "The token source failed; backing off", error);
        Socket placeholder = new Socket(this, null); // never opened: it only stands for the attempt in ended()
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            socket = placeholder;
        }
        ended(placeholder, Ending.of(Protocol.ABNORMAL, "", false, Decision.RECONNECT));
    }

    private void open(String token) {
        Socket next = new Socket(this, token);
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            Optional<String> stop = refused.beforeOpenLocked(token);
            if (stop.isPresent()) {
                stopLocked(null, stop.get());
                return;
            }
            socket = next;
        }
        try {
            Handshake.open(settings, next);
        } catch (IllegalArgumentException e) { // a token that cannot be a subprotocol entry or a header
            ended(next, Ending.of(Protocol.ABNORMAL, Protocol.INVALID_TOKEN, false, Decision.TOKEN_FAILURE));
        }
    }

    @Override
    public void opened(Socket opened) {
        synchronized (lock) {
            if (opened == socket && state != State.CLOSED) {
                return; // the welcome comes next
            }
        }
        opened.abort(); // closed or replaced while the handshake ran
    }

    @Override
    public void closed(Socket closed, int code, String reason) {
        boolean byApplication = closedByApplication();
        ended(closed, Ending.afterClose(code, reason, !byApplication, byApplication, settings.reconnect()));
    }

    @Override
    public void failed(Socket failed, Throwable error) {
        if (!failed.isOpen()) {
            ended(failed, Handshake.failed(failed, error, settings));
        } else {
            ended(failed, Ending.afterClose(Protocol.ABNORMAL, "", true, closedByApplication(), settings.reconnect()));
        }
    }

    private boolean closedByApplication() {
        synchronized (lock) {
            return closedByApplication;
        }
    }

    // ---- receiving

    @Override
    public void text(Socket from, String text) {
        Optional<JsonObject> object = Frames.parseObject(text);
        Optional<Frame> parsed = object.flatMap(o -> Frames.frame(o, text));
        if (parsed.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "Ignored a server frame that is not an envelope: {0}", text);
            return;
        }
        Frame frame = parsed.get();
        String event = Frames.event(frame).orElse("");
        Optional<Positions.Stamp> stamp = Frames.stamp(object.get());
        boolean welcomed;
        synchronized (lock) {
            if (from != socket || state == State.CLOSED) {
                return;
            }
            if (stamp.isPresent() && !positions.acceptLocked(stamp.get())) {
                LOG.log(System.Logger.Level.DEBUG, "Dropped a frame received before: {0}", stamp.get());
                return;
            }
            listeners.postLocked(frame, event);
            welcomed = Protocol.CONNECTION_ESTABLISHED.equals(event) && welcomedLocked(from, frame);
            receivedLocked(frame, event);
        }
        if (welcomed) {
            from.flush();
        }
        if (Protocol.SESSION_EXPIRING.equals(event)) {
            refreshToken();
        }
    }

    /** What a frame changes: a new expiry, a refresh answered, a room's recovery, a request answered. */
    private void receivedLocked(Frame frame, String event) {
        if (Protocol.ROOM_RECOVERY.equals(event)) {
            Frames.recovery(frame.data()).ifPresent(r -> {
                positions.recoveredLocked(r);
                threads.post(() -> settings.listener().onRecovery(r));
            });
        }
        if (Protocol.TOKEN_REFRESHED.equals(event)) {
            Frames.instant(frame.data(), "expires_at").ifPresent(at -> {
                refresh.refreshedLocked();
                welcome = welcome == null ? null : welcome.withTokenExpiresAt(at);
                threads.post(() -> settings.listener().onTokenRefreshed(at));
            });
        }
        boolean error = Protocol.ERROR_MESSAGE.equals(frame.type());
        if (error) {
            refresh.erroredLocked(frame); // INVALID_TOKEN: the session keeps its old token and expiry
        }
        outgoing.answeredLocked(frame, error ? new ErrorReplyException(ErrorReply.of(frame)) : null);
    }

    /**
     * The welcome: ready; {@code recover} with the positions held (when the server keeps history),
     * then the rooms joined again, then the held frames, queued in that order.
     */
    private boolean welcomedLocked(Socket from, Frame frame) {
        Optional<Welcome> parsed = Frames.welcome(frame.data());
        if (parsed.isEmpty() || welcome != null) {
            return false;
        }
        Welcome w = parsed.get();
        state = State.READY;
        welcome = w;
        reconnects.welcomedLocked();
        refresh.welcomedLocked(from.token);
        positions.welcomedLocked(w.connectionId(), w.recovery()).ifPresent(from::enqueue);
        rooms.rejoinLocked(from, outgoing, this::nextId, settings.requestTimeout());
        outgoing.releaseLocked(from);
        heartbeat = Heartbeat.startLocked(from, w.heartbeatInterval(), settings.heartbeatMargin(), threads, this::beat);
        threads.post(() -> settings.listener().onWelcome(w));
        welcomes.welcomedLocked(w);
        return true;
    }

    /** On {@code session_expiring}: a new token in band, unless the source has none newer. */
    private void refreshToken() {
        tokenSource.ask().whenComplete((token, error) -> {
            Socket to;
            synchronized (lock) {
                Optional<String> id = token == null || state != State.READY ? Optional.empty()
                        : refresh.startLocked(token, this::nextId);
                if (id.isEmpty()) {
                    return;
                }
                to = socket;
                to.enqueue(Frames.encode(Protocol.AUTH_REFRESH, Frames.object("token", token), id.get()));
            }
            to.flush();
        });
    }

    /** A heartbeat tick: a ping when due, or the socket dropped when the server went silent. */
    private void beat(Heartbeat beating) {
        Socket on = beating.on;
        boolean silent;
        synchronized (lock) {
            if (on != socket || state != State.READY) {
                return;
            }
            silent = beating.beatLocked(System.nanoTime());
        }
        if (silent) {
            on.abort();
            ended(on, Ending.afterClose(Protocol.ABNORMAL, Protocol.HEARTBEAT_TIMEOUT, false, false,
                    settings.reconnect()));
        } else {
            on.flush();
        }
    }

    // ---- ending

    /** A socket ended (or never opened): reconnect or stop, as the ending decides. At most once per socket. */
    private void ended(Socket gone, Ending ending) {
        boolean askSource;
        synchronized (lock) {
            if (gone != socket) {
                return; // replaced, or the client was closed
            }
            lostLocked(gone, ending.status());
            if (closedByApplication) {
                threads.post(() -> settings.listener().onClose(ending.status()));
                finishLocked(ending.status(), CLOSED_BY_APPLICATION);
                return;
            }
            state = State.RECONNECTING;
            askSource = decideLocked(gone, ending);
        }
        if (askSource) {
            tokenSource.ask().whenComplete((token, error) -> afterTokenFailure(ending, token));
        }
    }

    /** The connection is gone: nothing of it stays, and the requests sent on it fail. */
    private void lostLocked(Socket gone, CloseStatus status) {
        socket = null;
        welcome = null;
        refresh.clearLocked();
        cancelTimersLocked();
        welcomes.lostLocked();
        outgoing.failSentLocked(gone, status);
    }

    /**
     * Reconnects or stops, as the ending decides.
     *
     * @return whether the token source is to be asked first (a token failure with a token source)
     */
    private boolean decideLocked(Socket gone, Ending ending) {
        switch (ending.decision()) {
            case TOKEN_FAILURE -> {
                refused.rememberLocked(gone.token, ending.status().reason());
                if (settings.fixedToken()) {
                    stopLocked(ending.reported(false), refused.fixedLocked());
                    return false;
                }
                return true;
            }
            case STOP -> stopLocked(ending.reported(false), stopReason(ending.status()));
            default -> scheduleReconnectLocked(ending, null);
        }
        return false;
    }

    private void afterTokenFailure(Ending ending, String token) {
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            Optional<String> stop = refused.afterSourceLocked(token, settings.reconnect().enabled());
            if (stop.isPresent()) {
                stopLocked(ending.reported(false), stop.get());
            } else {
                scheduleReconnectLocked(ending, token);
            }
        }
    }

    /** Reports the close and the attempt, then schedules it; with a token, that token is used. */
    private void scheduleReconnectLocked(Ending ending, String token) {
        Reconnects.Attempt next = reconnects.nextLocked(ending.decision(), ending.retryAfter());
        CloseStatus status = ending.reported(true);
        var l = settings.listener();
        threads.post(() -> l.onClose(status));
        threads.post(() -> l.onReconnecting(next.number(), next.delay()));
        reconnects.scheduleLocked(next, () -> openWith(token));
    }

    /** Gives up: the close (when there was a connection or an attempt) is reported, then the stop. */
    private void stopLocked(CloseStatus status, String reason) {
        CloseStatus result = status != null ? status : new CloseStatus(Protocol.ABNORMAL, "", false, false);
        cancelTimersLocked();
        outgoing.failAllLocked(result, reason);
        var l = settings.listener();
        if (status != null) {
            threads.post(() -> l.onClose(status));
        }
        threads.post(() -> l.onStopped(reason));
        finishLocked(result, reason);
    }

    /** The end: the futures completed (close()'s with the result), then the threads let go. */
    private void finishLocked(CloseStatus result, String reason) {
        state = State.CLOSED;
        welcomes.stoppedLocked(reason, result);
        threads.finish();
    }

    private static String stopReason(CloseStatus status) {
        return (status.reason().isEmpty() ? String.valueOf(status.code()) : status.reason())
                + ": closed by the server (" + status.code() + ")";
    }

    private void cancelTimersLocked() {
        reconnects.cancelLocked();
        if (heartbeat != null) {
            heartbeat.stopLocked();
            heartbeat = null;
        }
    }
}
