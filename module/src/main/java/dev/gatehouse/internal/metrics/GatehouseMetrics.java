package dev.gatehouse.internal.metrics;

import dev.gatehouse.CloseReasons;
import dev.gatehouse.ErrorCode;
import dev.gatehouse.internal.text.Utf8;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Gatehouse's meters, by event: the stages call {@code handshake(...)}, {@code frameIn(...)}, …,
 * and this catalog turns each event into its instruments. {@link #METERS} lists every meter with its
 * tags, for the README's table and the dashboard's test. Tags are low-cardinality by construction:
 * a {@code type} is one of the registered handler types or {@code other}, codes and reasons come
 * from the protocol's enums (anything else is {@code other}). Meters with every tag value known up
 * front are created here; the rest ({@code code}/{@code reason} pairs) on first use, at most once
 * each. Thread-safe; holds no lock.
 */
public final class GatehouseMetrics {
    private static final Duration MICROS = Duration.ofNanos(1_000);
    private static final Duration MINUTE = Duration.ofMinutes(1);

    static final MeterSpec ACTIVE = MeterSpec.gauge("gatehouse.connections.active", "open connections");
    static final MeterSpec OPENED = MeterSpec.counter("gatehouse.connections.opened", "connections opened (upgrades completed)");
    static final MeterSpec CLOSED = MeterSpec.counter("gatehouse.connections.closed",
            "connections closed, by close code and reason (`IDLE_TIMEOUT`, `HEARTBEAT_TIMEOUT`, `TOKEN_EXPIRED`, `SLOW_CONSUMER`, …)",
            "code", "reason");
    static final MeterSpec LIFETIME = MeterSpec.timer("gatehouse.connection.duration", "connection lifetime, open to close",
            Duration.ofMillis(1), Duration.ofDays(1));
    static final MeterSpec HANDSHAKES = MeterSpec.counter("gatehouse.handshakes",
            "upgrade requests decided, by outcome (`accepted`, `refused`) and error code (`none` when accepted; `other` beyond 64 codes, as upgrade checks may add theirs)",
            "outcome", "code");
    static final MeterSpec HANDSHAKE_TIME = MeterSpec.timer("gatehouse.handshake.duration",
            "time to decide on an upgrade request (origin, token, limits)", MICROS, Duration.ofSeconds(10), "outcome");
    static final MeterSpec VERIFY_TIME = MeterSpec.timer("gatehouse.token.verification.duration",
            "token signature and claims checks not answered from the cache, by `alg`", MICROS, Duration.ofSeconds(10),
            "algorithm");
    static final MeterSpec TOKEN_CACHE = MeterSpec.counter("gatehouse.token.cache",
            "verified-token cache lookups, by `result` (`hit`, `miss`)", "result");
    static final MeterSpec WELCOME_TIME = MeterSpec.timer("gatehouse.welcome.duration",
            "upgrade to welcome: the readiness checks and connection setups", MICROS, MINUTE);
    static final MeterSpec READINESS_FAILURES = MeterSpec.counter("gatehouse.readiness.failures",
            "connections closed 1013 before their welcome, by `cause` (`not_ready`, `check_threw`, `timeout`, `setup_failed`)",
            "cause");
    static final MeterSpec FRAMES = MeterSpec.counter("gatehouse.frames",
            "WebSocket text frames, by `direction` (`in`, `out`)", "direction");
    static final MeterSpec BYTES = MeterSpec.counter("gatehouse.bytes",
            "UTF-8 bytes of those frames' payloads, by `direction`", "direction");
    static final MeterSpec HANDLER_TIME = MeterSpec.timer("gatehouse.handler.duration",
            "handler calls, by message `type` and `outcome` (`ok`, `error`, `timeout`)", MICROS, MINUTE, "type", "outcome");
    static final MeterSpec HANDLER_LATE = MeterSpec.counter("gatehouse.handler.late",
            "handler calls (and `auth_refresh` checks, as type `other`) that returned after their time limit had"
                    + " answered for them; what they returned was dropped", "type");
    static final MeterSpec WORKERS_STUCK = MeterSpec.gauge("gatehouse.workers.stuck",
            "calls past their time limit still holding a thread, by `pool` (`handlers`, `lifecycle`, `verifier` for an application's token verifier); each was replaced"
                    + " by a new thread, up to `gatehouse.handler.stuck-threads`", "pool");
    static final MeterSpec WORKERS_QUEUED = MeterSpec.gauge("gatehouse.workers.queued",
            "tasks waiting for a thread, by `pool`", "pool");
    static final MeterSpec POOL_OVERFLOWS = MeterSpec.counter("gatehouse.pool.overflows",
            "objects a bounded pool let go because it held its bound already, each one made for a use beyond the bound, by `pool`"
                    + " (`hmac`: initialised JCA Macs of the token verifier; `signer`: those of the cluster messages' signatures; `deflater`, `inflater`: permessage-deflate's zlib streams)",
            "pool");
    static final MeterSpec ERRORS_SENT = MeterSpec.counter("gatehouse.errors.sent",
            "`error_message` frames sent, by `code`", "code");
    static final MeterSpec RATE_LIMITED = MeterSpec.counter("gatehouse.frames.rate_limited",
            "frames refused with `RATE_LIMITED` (over `gatehouse.rate-limit`, or too many before the welcome)");
    static final MeterSpec EARLY = MeterSpec.counter("gatehouse.frames.early",
            "frames that arrived before the welcome and were held for it");
    static final MeterSpec QUEUE_HIGH_WATER = MeterSpec.gauge("gatehouse.send_queue.high_water",
            "the most frames ever waiting in one connection's send queue");
    static final MeterSpec AUTH_REFRESH = MeterSpec.counter("gatehouse.auth_refresh",
            "`auth_refresh` requests, by `outcome` (`accepted` or the error code)", "outcome");
    static final MeterSpec BACKPLANE_CONNECTED = MeterSpec.gauge("gatehouse.backplane.connected",
            "1 while the backplane reaches the other nodes (always 1 for a node alone), by `engine` (`redis`, `hazelcast`, `jms`, `in-process`, `none`)", "engine");
    static final MeterSpec PUBLISHED = MeterSpec.counter("gatehouse.backplane.published",
            "messages this node published to the other nodes");
    static final MeterSpec RECEIVED = MeterSpec.counter("gatehouse.backplane.received",
            "messages from other nodes delivered on this node");
    static final MeterSpec DROPPED = MeterSpec.counter("gatehouse.backplane.dropped",
            "backplane messages lost, by `reason` (`publish_failed`, `queue_full`, `malformed`, `duplicate`, `bad_signature`: not signed with `gatehouse.cluster.secret`; `presence_queue_full`: this node's presence events beyond the control thread's queue)", "reason");
    static final MeterSpec LAG = MeterSpec.timer("gatehouse.backplane.lag",
            "from publish on the sending node to delivery on this one (clocks of both nodes)", MICROS, MINUTE);
    static final MeterSpec HISTORY_STREAMS = MeterSpec.gauge("gatehouse.history.streams",
            "streams with history (rooms, users) this node delivers to its members");
    static final MeterSpec HISTORY_ENTRIES = MeterSpec.gauge("gatehouse.history.entries",
            "frames held in this node's memory for recovery (a node alone; a shared store keeps its own)");
    static final MeterSpec HISTORY_RECOVERIES = MeterSpec.counter("gatehouse.history.recoveries",
            "recoveries of a stated position, by `outcome` (`recovered`, `not_recovered`) and `reason` (`none`,"
                    + " `epoch_changed`, `too_far_behind`, `expired`, `unavailable`)", "outcome", "reason");
    static final MeterSpec HISTORY_REPLAYED = MeterSpec.counter("gatehouse.history.replayed",
            "frames sent by recoveries");
    static final MeterSpec HISTORY_GAPS = MeterSpec.counter("gatehouse.history.gaps",
            "frames missing between a stream's last delivered and a later one, by `outcome` (`filled` from the"
                    + " history, `lost`: its members got `recovered: false`)", "outcome");
    static final MeterSpec HISTORY_APPEND_FAILED = MeterSpec.counter("gatehouse.history.append_failed",
            "frames sent to a stream with history that the store did not take: delivered to no one");
    static final MeterSpec TLS_RELOAD_REFUSED = MeterSpec.counter("gatehouse.tls.reload_refused",
            "standalone server: changed certificate files that could not be loaded (the previous certificate stayed)");
    static final MeterSpec REVOCATIONS = MeterSpec.gauge("gatehouse.revocations.entries",
            "revocations this node keeps (tokens and users), at most `gatehouse.revocation.max-entries`");
    static final MeterSpec REVOCATIONS_REFUSED = MeterSpec.counter("gatehouse.revocations.refused",
            "revocations refused because the list held `gatehouse.revocation.max-entries` unexpired entries");

    /** Every meter, in the README's order. */
    public static final List<MeterSpec> METERS = List.of(ACTIVE, OPENED, CLOSED, LIFETIME, HANDSHAKES, HANDSHAKE_TIME,
            VERIFY_TIME, TOKEN_CACHE, WELCOME_TIME, READINESS_FAILURES, FRAMES, BYTES, HANDLER_TIME, HANDLER_LATE,
            WORKERS_STUCK, WORKERS_QUEUED, POOL_OVERFLOWS, ERRORS_SENT,
            RATE_LIMITED, EARLY, QUEUE_HIGH_WATER, AUTH_REFRESH, BACKPLANE_CONNECTED, PUBLISHED, RECEIVED, DROPPED, LAG,
            HISTORY_STREAMS, HISTORY_ENTRIES, HISTORY_RECOVERIES, HISTORY_REPLAYED, HISTORY_GAPS, HISTORY_APPEND_FAILED,
            TLS_RELOAD_REFUSED, REVOCATIONS, REVOCATIONS_REFUSED);

    /** Why a connection got no welcome. */
    public enum ReadinessFailure {
        /** A readiness check said no. */
        NOT_READY,
        /** A readiness check threw. */
        CHECK_THREW,
        /** Readiness did not finish within {@code gatehouse.ready.timeout}. */
        TIMEOUT,
        /** A connection setup, or a custom lifecycle manager, failed. */
        SETUP_FAILED
    }

    /** How a handler call ended. */
    public enum HandlerOutcome {
        /** It answered or returned. */
        OK,
        /** It threw or failed. */
        ERROR,
        /** It passed {@code gatehouse.handler.timeout}. */
        TIMEOUT
    }

    /** A bounded pool of reusable objects, the {@code pool} of {@code gatehouse.pool.overflows}. */
    public enum Pool {
        /** The token verifier's initialised HMAC Macs ({@code PooledMacAlgorithm}). */
        HMAC,
        /** permessage-deflate's compressors. */
        DEFLATER,
        /** permessage-deflate's inflaters. */
        INFLATER,
        /** The cluster signer's initialised HMAC Macs ({@code MessageSigner}). */
        SIGNER
    }

    private static final String OTHER = "other";
    /** Refusal codes counted under their own tag; further ones are {@link #OTHER} (roughly: racing firsts may pass it). */
    static final int REFUSAL_CODES = 64;
    private static final Set<String> ALGORITHMS = Set.of("HS256", "HS384", "HS512", "RS256", "RS384", "RS512",
            "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");
    private static final Set<String> REASONS = Stream.concat(
            Stream.of(CloseReasons.IDLE_TIMEOUT, CloseReasons.HEARTBEAT_TIMEOUT, CloseReasons.SERVER_SHUTDOWN,
                    CloseReasons.SLOW_CONSUMER, CloseReasons.PROTOCOL_ERROR, CloseReasons.INVALID_PAYLOAD),
            Arrays.stream(ErrorCode.values()).map(ErrorCode::name)).collect(Collectors.toUnmodifiableSet());

    private final MeterBackend backend;
    /** False on {@link MeterBackend#NONE}: what only a meter needs is not even computed then. */
    private final boolean recording;
    private final MeterBackend.Counter opened;
    private final MeterBackend.Timer lifetime;
    private final Map<String, MeterBackend.Counter> closed = new ConcurrentHashMap<>();
    private final MeterBackend.Counter accepted;
    private final Map<String, MeterBackend.Counter> refused = new ConcurrentHashMap<>();
    private final MeterBackend.Timer acceptedTime;
    private final MeterBackend.Timer refusedTime;
    private final Map<String, MeterBackend.Timer> verifyTime = new HashMap<>();
    private final MeterBackend.Counter cacheHit;
    private final MeterBackend.Counter cacheMiss;
    private final MeterBackend.Timer welcomeTime;
    private final Map<ReadinessFailure, MeterBackend.Counter> readinessFailures = new EnumMap<>(ReadinessFailure.class);
    private final MeterBackend.Counter framesIn;
    private final MeterBackend.Counter framesOut;
    private final MeterBackend.Counter bytesIn;
    private final MeterBackend.Counter bytesOut;
    private final Map<String, MeterBackend.Timer[]> handlerTime = new HashMap<>();
    private final Map<String, MeterBackend.Counter> handlerLate = new HashMap<>();
    private final Map<ErrorCode, MeterBackend.Counter> errorsSent = new EnumMap<>(ErrorCode.class);
    private final MeterBackend.Counter rateLimited;
    private final MeterBackend.Counter early;
    private final AtomicInteger queueHighWater = new AtomicInteger();
    private final Map<String, MeterBackend.Counter> authRefresh = new ConcurrentHashMap<>();
    private final MeterBackend.Counter published;
    private final MeterBackend.Counter received;
    private final Map<String, MeterBackend.Counter> dropped = new ConcurrentHashMap<>();
    /** The history's counters, created on first use. */
    private final Map<String, MeterBackend.Counter> history = new ConcurrentHashMap<>();
    /** Created on the first refused reload: a WAR or a plain-ws server never has it. */
    private volatile MeterBackend.Counter tlsReloadRefused;
    private final MeterBackend.Timer lag;
    private final MeterBackend.Counter revocationsRefused;
    /** Created when a pool is wired: only the pools that exist are published. */
    private final Map<Pool, MeterBackend.Counter> poolOverflows = new ConcurrentHashMap<>();

    /**
     * The meters on {@code backend}, or none when its library cannot create them (a version too old
     * or too new for the adapter, which throws a {@link LinkageError}): metrics never stop Gatehouse
     * from starting. The failure is logged once, as a WARNING on {@code dev.gatehouse.lifecycle}.
     *
     * @param backend where they are created
     * @param types the registered handler types
     * @return the meters
     */
    public static GatehouseMetrics on(MeterBackend backend, Collection<String> types) {
        try {
            return new GatehouseMetrics(backend, types);
        } catch (LinkageError | RuntimeException e) {
            System.getLogger("dev.gatehouse.lifecycle").log(System.Logger.Level.WARNING,
                    "Meters cannot be created on " + backend + " (" + e + "); recording none", e);
            return new GatehouseMetrics(MeterBackend.NONE, types);
        }
    }

    /** Meters that record nothing. */
    public static GatehouseMetrics none() {
        return new GatehouseMetrics(MeterBackend.NONE, List.of());
    }

    /**
     * The meters on a back end.
     *
     * @param backend where they are created
     * @param types the registered handler types, the values of the {@code type} tag besides {@code other}
     */
    public GatehouseMetrics(MeterBackend backend, Collection<String> types) {
        this.backend = backend;
        this.recording = backend != MeterBackend.NONE;
        backend.gauge(QUEUE_HIGH_WATER, List.of(), queueHighWater::get);
        this.opened = backend.counter(OPENED, List.of());
        this.lifetime = backend.timer(LIFETIME, List.of());
        this.accepted = backend.counter(HANDSHAKES, List.of("outcome", "accepted", "code", "none"));
        this.acceptedTime = backend.timer(HANDSHAKE_TIME, List.of("outcome", "accepted"));
        this.refusedTime = backend.timer(HANDSHAKE_TIME, List.of("outcome", "refused"));
        Stream.concat(ALGORITHMS.stream(), Stream.of(OTHER))
                .forEach(alg -> verifyTime.put(alg, backend.timer(VERIFY_TIME, List.of("algorithm", alg))));
        this.cacheHit = backend.counter(TOKEN_CACHE, List.of("result", "hit"));
        this.cacheMiss = backend.counter(TOKEN_CACHE, List.of("result", "miss"));
        this.welcomeTime = backend.timer(WELCOME_TIME, List.of());
        for (ReadinessFailure f : ReadinessFailure.values()) {
            readinessFailures.put(f, backend.counter(READINESS_FAILURES, List.of("cause", tagValue(f))));
        }
        this.framesIn = backend.counter(FRAMES, List.of("direction", "in"));
        this.framesOut = backend.counter(FRAMES, List.of("direction", "out"));
        this.bytesIn = backend.counter(BYTES, List.of("direction", "in"));
        this.bytesOut = backend.counter(BYTES, List.of("direction", "out"));
        Stream.concat(types.stream(), Stream.of(OTHER)).distinct().forEach(type -> handlerTime.put(type,
                Arrays.stream(HandlerOutcome.values())
                        .map(o -> backend.timer(HANDLER_TIME, List.of("type", type, "outcome", tagValue(o))))
                        .toArray(MeterBackend.Timer[]::new)));
        Stream.concat(types.stream(), Stream.of(OTHER)).distinct()
                .forEach(type -> handlerLate.put(type, backend.counter(HANDLER_LATE, List.of("type", type))));
        for (ErrorCode code : ErrorCode.values()) {
            errorsSent.put(code, backend.counter(ERRORS_SENT, List.of("code", code.name())));
        }
        this.rateLimited = backend.counter(RATE_LIMITED, List.of());
        this.early = backend.counter(EARLY, List.of());
        this.published = backend.counter(PUBLISHED, List.of());
        this.received = backend.counter(RECEIVED, List.of());
        this.lag = backend.timer(LAG, List.of());
        this.revocationsRefused = backend.counter(REVOCATIONS_REFUSED, List.of());
    }

    /** Reads the number of open connections for {@code gatehouse.connections.active}. */
    public void activeConnections(IntSupplier active) {
        gauge(ACTIVE, active::getAsInt);
    }

    /** A connection opened. */
    public void connectionOpened() {
        opened.increment();
    }

    /** A connection closed with this code and reason after {@code lifetimeNanos}. */
    public void connectionClosed(int code, String reason, long lifetimeNanos) {
        String codeTag = closeCode(code);
        String reasonTag = reason == null || reason.isEmpty() ? "none" : REASONS.contains(reason) ? reason : OTHER;
        closed.computeIfAbsent(codeTag + ' ' + reasonTag,
                k -> backend.counter(CLOSED, List.of("code", codeTag, "reason", reasonTag))).increment();
        lifetime.record(lifetimeNanos);
    }

    /** An upgrade request was decided: accepted when {@code refusalCode} is null. */
    public void handshake(String refusalCode, long nanos) {
        if (refusalCode == null) {
            accepted.increment();
            acceptedTime.record(nanos);
        } else {
            MeterBackend.Counter counter = refused.get(refusalCode);
            if (counter == null) { // an upgrade check's codes are the application's: at most so many tags
                String tag = refused.size() < REFUSAL_CODES ? refusalCode : OTHER;
                counter = refused.computeIfAbsent(tag,
                        code -> backend.counter(HANDSHAKES, List.of("outcome", "refused", "code", code)));
            }
            counter.increment();
            refusedTime.record(nanos);
        }
    }

    /** A token's signature and claims were checked (not answered from the cache). */
    public void tokenVerified(String algorithm, long nanos) {
        MeterBackend.Timer timer = algorithm == null ? null : verifyTime.get(algorithm);
        (timer != null ? timer : verifyTime.get(OTHER)).record(nanos);
    }

    /** A verified-token cache lookup. */
    public void tokenCache(boolean hit) {
        (hit ? cacheHit : cacheMiss).increment();
    }

    /** A welcome went out {@code nanos} after the upgrade. */
    public void welcome(long nanos) {
        welcomeTime.record(nanos);
    }

    /** A connection got no welcome. */
    public void readinessFailed(ReadinessFailure cause) {
        readinessFailures.get(cause).increment();
    }

    /** A text frame arrived. */
    public void frameIn(String text) {
        framesIn.increment();
        if (recording) {
            bytesIn.add(Utf8.length(text));
        }
    }

    /** A text frame was handed to the transport. */
    public void frameOut(String text) {
        framesOut.increment();
        if (recording) {
            bytesOut.add(Utf8.length(text));
        }
    }

    /** A handler call for {@code type} ended. */
    public void handler(String type, HandlerOutcome outcome, long nanos) {
        MeterBackend.Timer[] timers = handlerTime.get(type);
        (timers != null ? timers : handlerTime.get(OTHER))[outcome.ordinal()].record(nanos);
    }

    /** A call for {@code type} returned after its time limit answered for it; what it returned was dropped. */
    public void handlerLate(String type) {
        MeterBackend.Counter counter = handlerLate.get(type);
        (counter != null ? counter : handlerLate.get(OTHER)).increment();
    }

    /** Reads a pool's stuck calls and queued tasks for {@code gatehouse.workers.stuck} and {@code .queued}. */
    public void workers(String pool, IntSupplier stuck, IntSupplier queued) {
        gauge(WORKERS_STUCK, List.of("pool", pool), stuck::getAsInt);
        gauge(WORKERS_QUEUED, List.of("pool", pool), queued::getAsInt);
    }

    /**
     * What a bounded pool runs each time it lets an object go because it held its bound already
     * ({@code gatehouse.pool.overflows}); the pool's counter is created here, once.
     *
     * @param pool the pool
     * @return the hook to give the pool
     */
    public Runnable poolOverflows(Pool pool) {
        return poolOverflows.computeIfAbsent(pool, p -> backend.counter(POOL_OVERFLOWS, List.of("pool", tagValue(p))))::increment;
    }

    /** An {@code error_message} was sent. */
    public void errorSent(ErrorCode code) {
        errorsSent.get(code).increment();
    }

    /** A frame was refused with {@code RATE_LIMITED}. */
    public void rateLimited() {
        rateLimited.increment();
    }

    /** A frame arrived before the welcome and waits for it. */
    public void earlyFrame() {
        early.increment();
    }

    /** A connection's send queue holds {@code depth} frames. */
    public void sendQueueDepth(int depth) {
        if (depth > queueHighWater.get()) {
            queueHighWater.accumulateAndGet(depth, Math::max);
        }
    }

    /** An {@code auth_refresh} was answered: {@code errorCode} null when accepted. */
    public void authRefresh(ErrorCode errorCode) {
        String outcome = errorCode == null ? "accepted" : errorCode.name();
        authRefresh.computeIfAbsent(outcome, o -> backend.counter(AUTH_REFRESH, List.of("outcome", o))).increment();
    }

    /** Reads the backplane's state for {@code gatehouse.backplane.connected}, tagged with its engine. */
    public void backplaneConnected(String engine, BooleanSupplier connected) {
        gauge(BACKPLANE_CONNECTED, List.of("engine", engine), () -> connected.getAsBoolean() ? 1 : 0);
    }

    /** A gauge registered after the meters were created: one the library refuses is logged and left out. */
    private void gauge(MeterSpec spec, java.util.function.DoubleSupplier value) {
        gauge(spec, List.of(), value);
    }

    private void gauge(MeterSpec spec, List<String> tags, java.util.function.DoubleSupplier value) {
        try {
            backend.gauge(spec, tags, value);
        } catch (LinkageError | RuntimeException e) {
            System.getLogger("dev.gatehouse.lifecycle").log(System.Logger.Level.WARNING,
                    "Gauge " + spec.name() + " cannot be created on " + backend + " (" + e + ")", e);
        }
    }

    /** A message went to the other nodes. */
    public void published() {
        published.increment();
    }

    /** A message from another node was delivered here, {@code lagNanos} after it was published. */
    public void received(long lagNanos) {
        received.increment();
        lag.record(Math.max(0, lagNanos));
    }

    /** Backplane messages were lost, for one of {@code DROPPED}'s reasons. */
    public void dropped(String reason, long count) {
        dropped.computeIfAbsent(reason, r -> backend.counter(DROPPED, List.of("reason", r))).add(count);
    }

    /** {@code gatehouse.history.streams}: the streams with history this node follows. */
    public void historyStreams(IntSupplier streams) {
        gauge(HISTORY_STREAMS, streams::getAsInt);
    }

    /** {@code gatehouse.history.entries}: the frames this node's memory holds for recovery. */
    public void historyEntries(java.util.function.LongSupplier entries) {
        gauge(HISTORY_ENTRIES, entries::getAsLong);
    }

    /**
     * A recovery ended.
     *
     * @param reason why it did not recover, or null when it did
     */
    public void historyRecovery(String reason) {
        String key = reason == null ? "none" : reason;
        history.computeIfAbsent("recovery:" + key, k -> backend.counter(HISTORY_RECOVERIES,
                List.of("outcome", reason == null ? "recovered" : "not_recovered", "reason", key))).increment();
    }

    /** A recovery sent {@code frames} frames. */
    public void historyReplayed(int frames) {
        if (frames > 0) {
            history.computeIfAbsent("replayed", k -> backend.counter(HISTORY_REPLAYED, List.of())).add(frames);
        }
    }

    /** A gap in a stream was filled from its history, or could not be. */
    public void historyGap(boolean filled) {
        String outcome = filled ? "filled" : "lost";
        history.computeIfAbsent("gap:" + outcome, k -> backend.counter(HISTORY_GAPS, List.of("outcome", outcome)))
                .increment();
    }

    /** The history store did not take a frame. */
    public void historyAppendFailed() {
        history.computeIfAbsent("append_failed", k -> backend.counter(HISTORY_APPEND_FAILED, List.of())).increment();
    }

    /** The standalone server's changed certificate files could not be loaded. */
    public void tlsReloadRefused() {
        MeterBackend.Counter c = tlsReloadRefused;
        if (c == null) { // created on first use, by the reload thread, its only caller
            c = backend.counter(TLS_RELOAD_REFUSED, List.of());
            tlsReloadRefused = c;
        }
        c.increment();
    }

    /** {@code gatehouse.revocations.entries}: the revocations this node keeps. */
    public void revocations(IntSupplier entries) {
        gauge(REVOCATIONS, entries::getAsInt);
    }

    /** A revocation was refused: the list was full. */
    public void revocationRefused() {
        revocationsRefused.increment();
    }

    /**
     * Whether anything is recorded: false with no back end, so that a caller skips the work only a
     * meter needs (a clock read, a stage to time, a header to read).
     *
     * @return whether the meters record
     */
    public boolean recording() {
        return recording;
    }

    /** {@return where the meters are} */
    public MeterBackend backend() {
        return backend;
    }

    /** The back end's name, for the startup line. */
    @Override
    public String toString() {
        return backend.toString();
    }

    private static String closeCode(int code) {
        if (code >= 1000 && code <= 1015) {
            return Integer.toString(code);
        }
        return code >= 4000 && code <= 4999 ? "application" : OTHER;
    }

    private static String tagValue(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT);
    }
}
