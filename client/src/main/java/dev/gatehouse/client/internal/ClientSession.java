package dev.gatehouse.client.internal;

import dev.gatehouse.client.CloseStatus;
import dev.gatehouse.client.ErrorReply;
import dev.gatehouse.client.ErrorReplyException;
import dev.gatehouse.client.Frame;
import dev.gatehouse.client.GatehouseClient;
import dev.gatehouse.client.Protocol;
import dev.gatehouse.client.Welcome;
import jakarta.json.JsonObject;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The client: one logical session over a series of WebSockets ({@link Socket}s).
 *
 * <p><b>Locking rule.</b> All mutable state below is guarded by {@link #lock}. Under the lock the
 * session only changes its fields, queues texts on a socket ({@link Socket#enqueue}, no I/O),
 * schedules timers and queues tasks on the event thread ({@link #post}). It never calls the
 * listener, an application callback, the token source or the network under the lock: sockets are
 * flushed, opened and closed after it is released, and listener calls and the completion of the
 * application's futures run on the client's single event thread, in the order they were posted
 * (which is the order of the changes, since posting happens under the lock). Frames arrive on the
 * JDK's WebSocket thread, which the session never blocks; timers run on their own thread.
 */
public final class ClientSession implements GatehouseClient, Socket.Events {
    private static final System.Logger LOG = System.getLogger(ClientSession.class.getName());
    private static final AtomicLong CLIENTS = new AtomicLong();
    /** How many refused tokens are remembered, so that a source cycling through dead tokens cannot loop. */
    private static final int REFUSED_MEMORY = 32;

    private final Settings settings;
    private final Object lock = new Object();
    /** Listener calls and the completion of application futures, one at a time, in order. */
    private final ExecutorService events;
    /** Reconnect delays, request timeouts, the heartbeat. */
    private final ScheduledExecutorService timers;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, List<Consumer<Frame>>> subscribers = new ConcurrentHashMap<>();
    private final Welcomes welcomes = new Welcomes();

    // Guarded by lock.
    private State state = State.CONNECTING;
    private boolean started;
    /** Set by close(): whatever ends next ends for good. */
    private boolean closedByApplication;
    /** The socket being opened or open; null between sockets. */
    private Socket socket;
    /** The current welcome; null when not ready. */
    private Welcome welcome;
    /** Held frames and pending requests. */
    private final Outgoing outgoing;
    /** The rooms to join again after a reconnect, in the order they were joined. */
    private final Map<String, Join> rooms = new LinkedHashMap<>();
    /** Reconnect attempts since the last welcome. */
    private int attempt;
    /** Tokens the server refused, most recent last. */
    private final Set<String> refused = new LinkedHashSet<>();
    /** The code the last token failure carried. */
    private String refusal = "";
    /** The token the server holds for this session (the handshake's, or the last one refreshed). */
    private String sessionToken;
    /** The {@code auth_refresh} in flight: its id and its token. */
    private String refreshId;
    private String refreshToken;
    private ScheduledFuture<?> reconnectTimer;
    private ScheduledFuture<?> heartbeat;
    private long lastPing;

    /**
     * A client with checked settings; use {@link GatehouseClient#builder}.
     *
     * @param settings the settings
     */
    public ClientSession(Settings settings) {
        this.settings = settings;
        long n = CLIENTS.incrementAndGet();
        this.events = Executors.newSingleThreadExecutor(daemon("gatehouse-client-" + n + "-events"));
        this.timers = Executors.newSingleThreadScheduledExecutor(daemon("gatehouse-client-" + n + "-timers"));
        this.outgoing = new Outgoing(lock, settings.maxHeldFrames(), timers, this::post);
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
        submit(Frames.encode(type, data, null), null, null, null);
    }

    @Override
    public void sendText(String frame) {
        submit(frame, null, null, null);
    }

    @Override
    public CompletableFuture<Frame> request(String type, JsonObject data) {
        return request(type, data, settings.requestTimeout());
    }

    @Override
    public CompletableFuture<Frame> request(String type, JsonObject data, Duration timeout) {
        return request(type, data, timeout, null);
    }

    private CompletableFuture<Frame> request(String type, JsonObject data, Duration timeout, String room) {
        String id = nextId();
        Outgoing.Request p = new Outgoing.Request(type, id, timeout);
        submit(Frames.encode(type, data, id), p, room, room == null ? null : new Join(type, data));
        return p.future;
    }

    @Override
    public Runnable on(String type, Consumer<Frame> listener) {
        List<Consumer<Frame>> list = subscribers.computeIfAbsent(type, t -> new CopyOnWriteArrayList<>());
        Consumer<Frame> entry = listener::accept; // its own identity, so one listener can subscribe twice
        list.add(entry);
        return () -> list.remove(entry);
    }

    @Override
    public CompletableFuture<Frame> joinRoom(String room) {
        return joinRoom(room, "chat.join", Frames.object("room", room));
    }

    @Override
    public CompletableFuture<Frame> joinRoom(String room, String type, JsonObject data) {
        return request(type, data, settings.requestTimeout(), Objects.requireNonNull(room, "room"));
    }

    @Override
    public void leaveRoom(String room) {
        synchronized (lock) {
            rooms.remove(room);
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
            return Collections.unmodifiableSet(new LinkedHashSet<>(rooms.keySet()));
        }
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
        if (reason.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 123) {
            throw new IllegalArgumentException("close: the reason is longer than 123 bytes");
        }
        Socket open;
        synchronized (lock) {
            if (state == State.CLOSED) {
                return welcomes.closed;
            }
            closedByApplication = true;
            CloseStatus status = new CloseStatus(code, reason, false, false);
            state = State.CLOSED;
            cancelTimersLocked();
            outgoing.failAllLocked(status, "closed by the application");
            open = socket != null && socket.isOpen() ? socket : null;
            if (open == null) {
                socket = null;
                finishLocked(null, status, null);
                return welcomes.closed;
            }
            // a server that does not answer the close within the handshake timeout is dropped
            timers.schedule(() -> {
                open.abort();
                ended(open, status, Decision.STOP, null);
            }, settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        open.close(code, reason);
        return welcomes.closed;
    }

    // ---- sending

    /** Sends or holds a frame; a join is remembered in the same step, so a welcome cannot come between. */
    private void submit(String text, Outgoing.Request request, String room, Join join) {
        Socket ready;
        synchronized (lock) {
            if (state == State.CLOSED) {
                throw new IllegalStateException("GatehouseClient is closed");
            }
            ready = state == State.READY ? socket : null;
            outgoing.submitLocked(text, request, room, ready);
            if (join != null) {
                rooms.put(room, join);
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
        CompletionStage<String> stage = token != null ? CompletableFuture.completedFuture(token) : fetchToken();
        stage.whenComplete((t, error) -> {
            if (t == null) {
                tokenSourceFailed(error);
            } else {
                open(t);
            }
        });
    }

    /**
     * Asks the token source, on the event thread: it is application code, which may block, and this
     * is often called on the JDK's WebSocket thread. Fails after the request timeout.
     */
    private CompletableFuture<String> fetchToken() {
        CompletableFuture<String> token = new CompletableFuture<>();
        post(() -> {
            try {
                settings.tokenSource().get().whenComplete((t, error) -> {
                    if (error != null) {
                        token.completeExceptionally(error);
                    } else {
                        token.complete(t);
                    }
                });
            } catch (RuntimeException e) {
                token.completeExceptionally(e);
            }
        });
        return token.orTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tokenSourceFailed(Throwable error) {
        LOG.log(System.Logger.Level.WARNING, "The token source failed; backing off", error);
        Socket placeholder = new Socket(this, null);
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            socket = placeholder;
        }
        ended(placeholder, new CloseStatus(Protocol.ABNORMAL, "", false, true), Decision.RECONNECT, null);
    }

    private void open(String token) {
        Socket next = new Socket(this, token);
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            if (refused.contains(token)) {
                stopLocked(null, refusal + ": the token source returned a refused token");
                return;
            }
            socket = next;
        }
        WebSocket.Builder b = settings.http().newWebSocketBuilder().connectTimeout(settings.connectTimeout());
        try {
            if (settings.tokenInHeader()) {
                b.header("Authorization", "Bearer " + token).subprotocols(Protocol.SUBPROTOCOL);
            } else {
                b.subprotocols(Protocol.SUBPROTOCOL, Protocol.BEARER_PREFIX + token);
            }
            b.buildAsync(settings.uri(), next).whenComplete((ws, error) -> {
                if (error != null) {
                    handshakeFailed(next, error);
                }
            });
        } catch (IllegalArgumentException e) { // a token that cannot be a subprotocol entry or a header
            ended(next, new CloseStatus(Protocol.ABNORMAL, Protocol.INVALID_TOKEN, false, false),
                    Decision.TOKEN_FAILURE, null);
        }
    }

    /**
     * A handshake that failed: by its HTTP status when there is one; without one (the server was not
     * reached), a token whose {@code exp} has passed is a token failure, anything else a server that
     * is down.
     */
    private void handshakeFailed(Socket failed, Throwable error) {
        Refusal r = Refusal.of(error);
        Decision decision;
        String reason = r.code();
        if (r.status() > 0) {
            decision = Decision.afterRefusal(r.status(), settings.reconnect());
        } else if (TokenExpiry.hasPassed(failed.token, Instant.now())) {
            decision = Decision.TOKEN_FAILURE;
            reason = Protocol.TOKEN_EXPIRED;
        } else {
            decision = settings.reconnect().enabled() ? Decision.RECONNECT : Decision.STOP;
        }
        ended(failed, new CloseStatus(Protocol.ABNORMAL, reason, true, decision != Decision.STOP), decision,
                r.retryAfter());
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
        boolean byApplication;
        synchronized (lock) {
            byApplication = closedByApplication;
        }
        Decision decision = Decision.afterClose(code, reason, byApplication, settings.reconnect());
        ended(closed, new CloseStatus(code, reason, !byApplication, decision != Decision.STOP), decision, null);
    }

    @Override
    public void failed(Socket failed, Throwable error) {
        if (!failed.isOpen()) {
            handshakeFailed(failed, error);
            return;
        }
        boolean byApplication;
        synchronized (lock) {
            byApplication = closedByApplication;
        }
        Decision decision = Decision.afterClose(Protocol.ABNORMAL, "", byApplication, settings.reconnect());
        ended(failed, new CloseStatus(Protocol.ABNORMAL, "", true, decision != Decision.STOP), decision, null);
    }

    // ---- receiving

    @Override
    public void text(Socket from, String text) {
        Optional<Frame> parsed = Frames.parse(text);
        if (parsed.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "Ignored a server frame that is not an envelope: {0}", text);
            return;
        }
        Frame frame = parsed.get();
        boolean flush;
        boolean expiring;
        synchronized (lock) {
            if (from != socket || state == State.CLOSED) {
                return;
            }
            post(() -> settings.listener().onFrame(frame));
            subscribers.getOrDefault(frame.type(), List.of()).forEach(s -> post(() -> s.accept(frame)));
            String event = Frames.event(frame).orElse("");
            flush = Protocol.CONNECTION_ESTABLISHED.equals(event) && welcomedLocked(from, frame);
            expiring = Protocol.SESSION_EXPIRING.equals(event);
            typedLocked(frame, event);
        }
        if (flush) {
            from.flush();
        }
        if (expiring) {
            refreshToken();
        }
    }

    /** The typed callbacks of a frame and the request it answers. */
    private void typedLocked(Frame frame, String event) {
        var l = settings.listener();
        switch (event) {
            case Protocol.SESSION_EXPIRING -> {
                Instant at = Frames.instant(frame.data(), "expires_at").orElse(Instant.EPOCH);
                long left = (long) Frames.number(frame.data(), "seconds_left").orElse(0);
                post(() -> l.onSessionExpiring(at, left));
            }
            case Protocol.TOKEN_REFRESHED -> Frames.instant(frame.data(), "expires_at").ifPresent(at -> {
                sessionToken = refreshToken != null ? refreshToken : sessionToken;
                refreshId = null;
                refreshToken = null;
                welcome = welcome == null ? null : welcome.withTokenExpiresAt(at);
                post(() -> l.onTokenRefreshed(at));
            });
            case Protocol.MEMBER_JOINED -> post(() -> l.onMemberJoined(Frames.presence(frame.data())));
            case Protocol.MEMBER_LEFT -> post(() -> l.onMemberLeft(Frames.presence(frame.data())));
            default -> { }
        }
        boolean error = Protocol.ERROR_MESSAGE.equals(frame.type());
        if (error) {
            ErrorReply reply = Frames.error(frame);
            post(() -> l.onError(reply));
            if (frame.replyTo().isPresent() && frame.replyTo().get().equals(refreshId)) {
                refreshId = null; // INVALID_TOKEN: the session keeps its old token and expiry
                refreshToken = null;
            }
        }
        outgoing.answeredLocked(frame, error ? new ErrorReplyException(Frames.error(frame)) : null);
    }

    /** The welcome: ready; the rooms joined again, then the held frames, queued in that order. */
    private boolean welcomedLocked(Socket from, Frame frame) {
        Optional<Welcome> parsed = Frames.welcome(frame.data());
        if (parsed.isEmpty() || welcome != null) {
            return false;
        }
        Welcome w = parsed.get();
        state = State.READY;
        welcome = w;
        attempt = 0;
        sessionToken = from.token;
        Set<String> heldRooms = outgoing.heldRoomsLocked();
        rooms.forEach((room, join) -> {
            if (!heldRooms.contains(room)) { // a join held since before this welcome goes out with the held frames
                String id = nextId(); // a refusal reaches onError as every error_message does
                outgoing.sendFirstLocked(Frames.encode(join.type, join.data, id),
                        new Outgoing.Request(join.type, id, settings.requestTimeout()), from);
            }
        });
        outgoing.releaseLocked(from);
        startHeartbeatLocked(from, w.heartbeatInterval());
        var l = settings.listener();
        post(() -> l.onWelcome(w));
        welcomes.welcomedLocked(w, this::post);
        return true;
    }

    /** On {@code session_expiring}: a new token in band, unless the source has none newer. */
    private void refreshToken() {
        fetchToken().whenComplete((token, error) -> {
            Socket to;
            synchronized (lock) {
                if (token == null || state != State.READY || token.equals(sessionToken) || token.equals(refreshToken)) {
                    return;
                }
                to = socket;
                refreshId = nextId();
                refreshToken = token;
                to.enqueue(Frames.encode(Protocol.AUTH_REFRESH, Frames.object("token", token), refreshId));
            }
            to.flush();
        });
    }

    // ---- heartbeat

    private void startHeartbeatLocked(Socket on, Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            return;
        }
        long tick = Math.max(50, Math.min(interval.toMillis(), settings.heartbeatMargin().toMillis()) / 4);
        lastPing = System.nanoTime();
        heartbeat = timers.scheduleAtFixedRate(() -> beat(on, interval), tick, tick, TimeUnit.MILLISECONDS);
    }

    private void beat(Socket on, Duration interval) {
        long now = System.nanoTime();
        boolean dead;
        synchronized (lock) {
            if (on != socket || state != State.READY) {
                return;
            }
            dead = now - on.lastReceived > interval.plus(settings.heartbeatMargin()).toNanos();
            if (!dead && now - lastPing >= interval.toNanos()) {
                lastPing = now;
                on.enqueue(Frames.encode(Protocol.PING, null, null));
            }
        }
        if (dead) {
            on.abort();
            Decision d = Decision.afterClose(Protocol.ABNORMAL, Protocol.HEARTBEAT_TIMEOUT, false, settings.reconnect());
            ended(on, new CloseStatus(Protocol.ABNORMAL, Protocol.HEARTBEAT_TIMEOUT, false, d != Decision.STOP), d, null);
        } else {
            on.flush();
        }
    }

    // ---- ending

    /** A socket ended (or never opened): decide, then reconnect or stop. Called at most once per socket. */
    private void ended(Socket gone, CloseStatus status, Decision decision, Duration retryAfter) {
        boolean askSource;
        synchronized (lock) {
            if (gone != socket) {
                return; // replaced, or the client was closed
            }
            socket = null;
            welcome = null;
            refreshId = null;
            refreshToken = null;
            cancelTimersLocked();
            welcomes.lostLocked();
            outgoing.failSentLocked(gone, status);
            if (closedByApplication) {
                finishLocked(status, status, null);
                return;
            }
            state = State.RECONNECTING;
            askSource = decision == Decision.TOKEN_FAILURE && !settings.fixedToken();
            if (decision == Decision.TOKEN_FAILURE) {
                rememberRefusedLocked(gone.token, status.reason());
                if (settings.fixedToken()) {
                    stopLocked(withReconnect(status, false), refusal + ": the token was refused and is fixed");
                    return;
                }
            } else if (decision == Decision.STOP) {
                stopLocked(withReconnect(status, false), stopReason(status));
                return;
            } else {
                Duration base = decision == Decision.BACK_OFF_LONGER ? longerBase() : settings.reconnect().minDelay();
                scheduleReconnectLocked(withReconnect(status, true), null, base, retryAfter);
            }
        }
        if (askSource) {
            fetchToken().whenComplete((token, error) -> afterTokenFailure(status, token));
        }
    }

    private void afterTokenFailure(CloseStatus status, String token) {
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            if (token == null) {
                stopLocked(withReconnect(status, false), refusal + ": the token was refused and the token source failed");
            } else if (refused.contains(token)) {
                stopLocked(withReconnect(status, false), refusal + ": the token source returned the refused token");
            } else if (!settings.reconnect().enabled()) {
                stopLocked(withReconnect(status, false), refusal + ": the token was refused and reconnecting is off");
            } else {
                scheduleReconnectLocked(withReconnect(status, true), token, settings.reconnect().minDelay(), null);
            }
        }
    }

    private void rememberRefusedLocked(String token, String reason) {
        if (token != null) {
            refused.add(token);
        }
        if (refused.size() > REFUSED_MEMORY) {
            refused.remove(refused.iterator().next());
        }
        refusal = reason.isEmpty() ? Protocol.INVALID_TOKEN : reason;
    }

    private Duration longerBase() {
        Duration longer = settings.reconnect().minDelay().multipliedBy(4);
        return longer.compareTo(settings.reconnect().maxDelay()) > 0 ? settings.reconnect().maxDelay() : longer;
    }

    private void scheduleReconnectLocked(CloseStatus status, String token, Duration base, Duration retryAfter) {
        int n = ++attempt;
        Duration jitter = settings.reconnect().delay(n - 1, base);
        Duration delay = retryAfter != null && retryAfter.compareTo(jitter) > 0 ? retryAfter : jitter;
        var l = settings.listener();
        post(() -> l.onClose(status));
        post(() -> l.onReconnecting(n, delay));
        reconnectTimer = timers.schedule(() -> openWith(token), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Gives up: the close (when there was a connection or an attempt) is reported, then the stop. */
    private void stopLocked(CloseStatus status, String reason) {
        CloseStatus result = status != null ? status : new CloseStatus(Protocol.ABNORMAL, "", false, false);
        state = State.CLOSED;
        cancelTimersLocked();
        outgoing.failAllLocked(result, reason);
        var l = settings.listener();
        if (status != null) {
            post(() -> l.onClose(status));
        }
        post(() -> l.onStopped(reason));
        finishLocked(null, result, reason);
    }

    /** The last events, the futures completed, and the threads let go. */
    private void finishLocked(CloseStatus reported, CloseStatus result, String reason) {
        state = State.CLOSED;
        if (reported != null) {
            var l = settings.listener();
            post(() -> l.onClose(reported));
        }
        welcomes.stoppedLocked(reason != null ? reason : "closed by the application", result, this::post);
        post(timers::shutdownNow);
        post(events::shutdown);
    }

    private static String stopReason(CloseStatus status) {
        return (status.reason().isEmpty() ? String.valueOf(status.code()) : status.reason())
                + ": closed by the server (" + status.code() + ")";
    }

    private static CloseStatus withReconnect(CloseStatus s, boolean reconnect) {
        return new CloseStatus(s.code(), s.reason(), s.remote(), reconnect);
    }

    private void cancelTimersLocked() {
        if (reconnectTimer != null) {
            reconnectTimer.cancel(false);
            reconnectTimer = null;
        }
        if (heartbeat != null) {
            heartbeat.cancel(false);
            heartbeat = null;
        }
    }

    /** Queues a task on the event thread; an exception it throws is logged and ignored. */
    private void post(Runnable task) {
        try {
            events.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "A GatehouseClient listener threw", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.DEBUG, "Event after the client finished, dropped");
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** A room to join again: the join frame. */
    private record Join(String type, JsonObject data) {
    }
}
