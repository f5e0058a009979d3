package dev.gatehouse;

import dev.gatehouse.internal.config.Checks;
import dev.gatehouse.internal.config.Setting;
import dev.gatehouse.internal.config.Values;
import dev.gatehouse.internal.handshake.TokenEntries;
import dev.gatehouse.internal.standalone.CompressionSettings;
import dev.gatehouse.internal.standalone.ServerSettings;
import dev.gatehouse.internal.standalone.TlsSettings;
import dev.gatehouse.spi.BackplaneProvider;
import dev.gatehouse.spi.TokenVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Immutable Gatehouse configuration: every setting Gatehouse reads, the token's and the standalone
 * server's (address, TLS, compression) included. Each setting is a property, listed in the README's
 * configuration table, and a typed setter on {@link Builder}. Build it from properties with
 * {@link #from(ConfigSource)}, in code with {@link #builder()}, or both: a setting given by the
 * source and by a setter has the setter's value (the setter runs after the source is read;
 * {@link Gatehouse.Builder#config(java.util.function.Consumer)} applies its edits after the
 * properties whatever the order of the calls). Each setter checks its value, and {@link Builder#build()} checks
 * the whole configuration, with a {@link ConfigurationException} naming the property at fault, so a
 * misconfiguration fails at startup; the files the TLS settings name are read when the
 * {@link GatehouseServer} is built.
 */
public final class GatehouseConfig {

    /** Whether a client of the standalone server must, may or must not present a TLS certificate. */
    public enum ClientAuth {
        /** No client certificate is asked for (the default). */
        NONE,
        /** A client certificate is asked for, and checked when sent. */
        WANT,
        /** A connection without a valid client certificate is refused. */
        NEED
    }

    /** How a refused handshake is answered. */
    public enum HandshakeMode {
        /** Refuse the upgrade with an HTTP status and a JSON body (the default). */
        STATUS,
        /** Accept the upgrade, send one {@code error_message}, close with 1008 and the code as reason. */
        DIAGNOSTIC
    }

    // Each setting is declared once here: name, default, check and its line in the README.
    private static final Setting<List<String>> SUBPROTOCOLS = Setting.list("gatehouse.subprotocols")
            .byDefault(List.of("gatehouse.v1", "jwt-auth", "bearer")).check(GatehouseConfig::plainSubprotocols)
            .doc("plain subprotocols the server selects from");
    private static final Setting<Set<String>> ORIGINS = Setting.set("gatehouse.origins").byDefault(Set.of(), "any")
            .doc("comma list of allowed `Origin` values (else 403 `FORBIDDEN_ORIGIN`)");
    private static final Setting<Set<String>> REQUIRED_GROUPS = Setting.set("gatehouse.auth.required-groups")
            .byDefault(Set.of(), "–")
            .doc("comma list of groups the token's `groups` claim must all contain (else 403 `FORBIDDEN`)");
    private static final Setting<Boolean> QUERY_PARAM = Setting.bool("gatehouse.auth.query-param").byDefault(false)
            .doc("also read `access_token` from the query (tokens in URLs reach access logs)");
    private static final Setting<Duration> AUTH_TIMEOUT = Setting.duration("gatehouse.auth.timeout")
            .byDefault(Duration.ofSeconds(5)).check(Checks.positive("gatehouse.auth.timeout"))
            .doc("bound on an application's `TokenVerifier` at the handshake (it runs on Gatehouse's verifier threads);"
                    + " later, `503 SERVICE_UNAVAILABLE` with `Retry-After`, its thread left to it and replaced");
    private static final Setting<Integer> AUTH_WAITING_THREADS = Setting.integer("gatehouse.auth.waiting-threads")
            .byDefault(4 * Runtime.getRuntime().availableProcessors(), "`4 × cores`")
            .check(Checks.between("gatehouse.auth.waiting-threads", 1, 4096))
            .doc("in a WAR, the server's request threads that may wait at once for an application's `TokenVerifier`"
                    + " (a quarter of WildFly's default), each at most `gatehouse.auth.timeout`; beyond, `503"
                    + " SERVICE_UNAVAILABLE` with `Retry-After` at once. The standalone server holds no thread meanwhile");
    private static final Setting<Integer> REJECT_STATUS = Setting.integer("gatehouse.handshake.reject-status")
            .byDefault(401).check(Checks.between("gatehouse.handshake.reject-status", 400, 499))
            .doc("HTTP status for token failures (some clients expect `403`)");
    private static final Setting<HandshakeMode> HANDSHAKE_MODE =
            Setting.enumOf("gatehouse.handshake.mode", HandshakeMode.class).byDefault(HandshakeMode.STATUS)
            .doc("`diagnostic`: accept, send the `error_message`, close 1008 (for browsers)");
    private static final Setting<Duration> HANDSHAKE_TIMEOUT = Setting.duration("gatehouse.handshake.timeout")
            .byDefault(Duration.ofSeconds(10)).check(Checks.positive("gatehouse.handshake.timeout"))
            .doc("standalone: time from the TCP connect (or the previous HTTP request) to a complete upgrade request;"
                    + " later, `408 HANDSHAKE_TIMEOUT` and the socket closed");
    private static final Setting<Duration> READY_TIMEOUT = Setting.duration("gatehouse.ready.timeout")
            .byDefault(Duration.ofSeconds(5)).check(Checks.positive("gatehouse.ready.timeout"))
            .doc("bound on readiness checks and setup steps together; also how long a node just started refuses"
                    + " handshakes (503) while it has not read the revocations its backplane keeps");
    private static final Setting<Integer> READY_QUEUE_LIMIT = Setting.integer("gatehouse.ready.queue-limit")
            .byDefault(64).check(Checks.between("gatehouse.ready.queue-limit", 1, 1 << 16))
            .doc("frames kept before the welcome");
    private static final Setting<Duration> HEARTBEAT_INTERVAL = Setting.duration("gatehouse.heartbeat.interval")
            .byDefault(Duration.ofSeconds(25)).check(Checks.notNegative("gatehouse.heartbeat.interval"))
            .doc("a connection quiet this long gets a WebSocket ping (`0` disables)");
    private static final Setting<Duration> HEARTBEAT_TIMEOUT = Setting.duration("gatehouse.heartbeat.timeout")
            .byDefault(Duration.ofSeconds(10)).check(Checks.positive("gatehouse.heartbeat.timeout"))
            .doc("an unanswered ping closes the connection after this long");
    private static final Setting<Duration> IDLE_TIMEOUT = Setting.duration("gatehouse.idle-timeout")
            .byDefault(Duration.ZERO, "`0` (never)").check(Checks.notNegative("gatehouse.idle-timeout"))
            .doc("close a connection that sent no frame for this long");
    private static final Setting<Duration> EXPIRY_WARNING = Setting.duration("gatehouse.session.expiry-warning")
            .byDefault(Duration.ofSeconds(60)).check(Checks.notNegative("gatehouse.session.expiry-warning"))
            .doc("`session_expiring` is sent this long before `exp` (`0` disables)");
    private static final Setting<Integer> MAX_MESSAGE_SIZE = Setting.integer("gatehouse.max-message-size")
            .byDefault(65536).check(Checks.between("gatehouse.max-message-size", 256, 64 << 20))
            .doc("largest text frame in UTF-8 bytes");
    private static final Setting<Duration> HANDLER_TIMEOUT = Setting.duration("gatehouse.handler.timeout")
            .byDefault(Duration.ofSeconds(30)).check(Checks.positive("gatehouse.handler.timeout"))
            .doc("time limit of one handler call");
    private static final Setting<Integer> HANDLER_QUEUE_LIMIT = Setting.integer("gatehouse.handler.queue-limit")
            .byDefault(256).check(Checks.between("gatehouse.handler.queue-limit", 1, 1 << 20))
            .doc("frames waiting for a connection's handlers before `RATE_LIMITED`");
    private static final Setting<Integer> HANDLER_THREADS = Setting.integer("gatehouse.handler.threads")
            .byDefault(16 * Runtime.getRuntime().availableProcessors(), "`16 × cores`")
            .check(Checks.between("gatehouse.handler.threads", 1, 4096))
            .doc("handler calls that run at once within their time limit, each on its own thread (started on demand,"
                    + " ended after a minute idle); beyond, frames wait for a thread. The same again for lifecycle code");
    private static final Setting<Integer> HANDLER_STUCK_THREADS = Setting.integer("gatehouse.handler.stuck-threads")
            .byDefault(64).check(Checks.between("gatehouse.handler.stuck-threads", 0, 4096))
            .doc("calls that may be past their time limit at once, each leaving its thread to it and replaced by a new"
                    + " one (per pool: handlers, lifecycle); a quarter of them per message type. Beyond, the pool"
                    + " works on with fewer threads until one returns");
    private static final Setting<Boolean> VIRTUAL_THREADS = Setting.bool("gatehouse.handler.virtual-threads")
            .byDefault(false)
            .doc("run application code (handlers, listeners, readiness checks, setups, an application's verifier) on"
                    + " virtual threads, `gatehouse.handler.threads` of them at once per pool (raise it, e.g. to `10000`);"
                    + " needs JDK 21 or later (24 or later: a `synchronized` wait no longer pins a carrier), refused at"
                    + " startup on an older one");
    private static final Setting<Integer> RATE_LIMIT = Setting.integer("gatehouse.rate-limit")
            .byDefault(0, "`0` (none)").check(Checks.between("gatehouse.rate-limit", 0, 1_000_000))
            .doc("frames per second a client may send (burst: one second's worth)");
    private static final Setting<Integer> MAX_CONNECTIONS = Setting.integer("gatehouse.max-connections")
            .byDefault(defaultMaxConnections(), "open-file limit − max(256, 2 %)")
            .check(Checks.between("gatehouse.max-connections", 1, Integer.MAX_VALUE))
            .doc("connections held at once; beyond it `503 CONNECTION_LIMIT` before the upgrade. Standalone counts"
                    + " every socket, handshakes in progress included, so the server never runs out of descriptors");
    private static final Setting<Integer> MAX_CONNECTIONS_PER_USER = Setting.integer("gatehouse.max-connections-per-user")
            .byDefault(100).check(Checks.between("gatehouse.max-connections-per-user", 0, Integer.MAX_VALUE))
            .doc("connections one `sub` holds at once (`0`: no limit); beyond it `429 CONNECTION_LIMIT`");
    private static final Setting<Integer> JSON_MAX_DEPTH = Setting.integer("gatehouse.json.max-depth")
            .byDefault(32).check(Checks.between("gatehouse.json.max-depth", 2, 500))
            .doc("deepest nesting of a client frame (the envelope is level 1, `data` level 2); deeper is"
                    + " `MALFORMED_MESSAGE`");
    private static final Setting<Integer> JSON_MAX_NUMBER_LENGTH = Setting.integer("gatehouse.json.max-number-length")
            .byDefault(64).check(Checks.between("gatehouse.json.max-number-length", 16, 1000))
            .doc("longest number in a client frame, in characters; longer (or an exponent beyond ±1000) is"
                    + " `MALFORMED_MESSAGE`");
    private static final Setting<String> NODE_ID = Setting.string("gatehouse.cluster.node-id")
            .byDefault("", "random per start").check(GatehouseConfig::nodeId)
            .doc("this node's name in the cluster: 1–64 of `[A-Za-z0-9_.-]`; two running nodes never share one");
    private static final Setting<Duration> NODE_TTL = Setting.duration("gatehouse.cluster.node-ttl")
            .byDefault(Duration.ofSeconds(10)).check(Checks.positive("gatehouse.cluster.node-ttl"))
            .doc("how long a node's presence outlives it when it stops without closing its connections (a crash);"
                    + " live nodes refresh it every third of this");
    /** The cluster's shared secret, named in the refusal of a backplane without it. */
    public static final String CLUSTER_SECRET = "gatehouse.cluster.secret";
    /** A file holding {@link #CLUSTER_SECRET}. */
    public static final String CLUSTER_SECRET_FILE = "gatehouse.cluster.secret-file";
    /** A second secret accepted on messages received, never used to sign (a rotation). */
    public static final String CLUSTER_SECRET_ACCEPTED = "gatehouse.cluster.secret.accepted";
    /** A file holding {@link #CLUSTER_SECRET_ACCEPTED}. */
    public static final String CLUSTER_SECRET_ACCEPTED_FILE = "gatehouse.cluster.secret.accepted-file";
    private static final Setting<String> SECRET = Setting.string(CLUSTER_SECRET)
            .doc("the secret every node signs its backplane messages with (HMAC-SHA256, at least 32 bytes of UTF-8);"
                    + " required with any backplane but `InProcessCluster`; a message not signed with it is dropped"
                    + " (README \"Signed backplane messages\")");
    private static final Setting<String> SECRET_FILE = Setting.string(CLUSTER_SECRET_FILE)
            .doc("a file holding it (a mounted secret; surrounding whitespace dropped), read at startup; not together"
                    + " with `" + CLUSTER_SECRET + "`");
    private static final Setting<String> SECRET_ACCEPTED = Setting.string(CLUSTER_SECRET_ACCEPTED)
            .doc("one more secret whose messages are accepted, never used to sign: the middle of a rotation");
    private static final Setting<String> SECRET_ACCEPTED_FILE = Setting.string(CLUSTER_SECRET_ACCEPTED_FILE)
            .doc("a file holding it; not together with `" + CLUSTER_SECRET_ACCEPTED + "`");
    private static final Setting<List<String>> PRESENCE_ROOMS = Setting.list("gatehouse.presence.rooms")
            .byDefault(List.of(), "none").check(GatehouseConfig::roomPatterns)
            .doc("rooms whose presence is tracked, as names or patterns ending in `*` (`chat:*`), comma-separated");
    private static final Setting<Boolean> PRESENCE_EVENTS = Setting.bool("gatehouse.presence.events")
            .byDefault(true)
            .doc("send `member_joined` / `member_left` to the other members of a tracked room (at most once)");
    private static final Setting<Integer> ROOMS_PER_CONNECTION = Setting.integer("gatehouse.rooms.max-per-connection")
            .byDefault(100).check(Checks.between("gatehouse.rooms.max-per-connection", 1, 100_000))
            .doc("rooms one connection may be in at once; a join beyond it is `ROOM_FORBIDDEN`");
    private static final Setting<List<String>> HISTORY_ROOMS = Setting.list("gatehouse.history.rooms")
            .byDefault(List.of(), "none").check(GatehouseConfig::historyPatterns)
            .doc("rooms whose frames are kept so that a client that was away recovers them (PROTOCOL.md §3.6): names"
                    + " or patterns ending in `*`, comma-separated, each optionally with its own bounds,"
                    + " `chat:*;size=500;age=10m`");
    private static final Setting<Integer> HISTORY_SIZE = Setting.integer("gatehouse.history.size")
            .byDefault(1000).check(Checks.between("gatehouse.history.size", 1, 1_000_000))
            .doc("frames kept per room with history (and per user stream); older ones are dropped");
    private static final Setting<Duration> HISTORY_AGE = Setting.duration("gatehouse.history.age")
            .byDefault(Duration.ofMinutes(5)).check(Checks.positive("gatehouse.history.age"))
            .doc("how long a frame stays recoverable");
    private static final Setting<Integer> HISTORY_RECOVERY_LIMIT = Setting.integer("gatehouse.history.recovery-limit")
            .byDefault(300).check(Checks.between("gatehouse.history.recovery-limit", 1, 1000))
            .doc("most frames one recovery sends, at most 1000 (they go through the connection's send queue of 1024);"
                    + " a client further behind gets `recovered: false`, `too_far_behind`");
    private static final Setting<Duration> HISTORY_TIMEOUT = Setting.duration("gatehouse.history.timeout")
            .byDefault(Duration.ofSeconds(2)).check(Checks.positive("gatehouse.history.timeout"))
            .doc("time limit of one history read (a recovery, a gap to fill); beyond it the answer is `recovered: false`,"
                    + " `unavailable`");
    private static final Setting<Boolean> HISTORY_USERS = Setting.bool("gatehouse.history.users").byDefault(false)
            .doc("keep every user's direct frames (`sendToUser`) with the same bounds, so that a user whose connections"
                    + " were all away for a while recovers them");
    private static final Setting<Duration> REVOCATION_MAX_AGE = Setting.duration("gatehouse.revocation.max-age")
            .byDefault(Duration.ofDays(1)).check(Checks.positive("gatehouse.revocation.max-age"))
            .doc("how long a user's cut-off (`revokeIssuedBefore`) is kept: at least the longest lifetime of the"
                    + " tokens your issuer gives, since a token issued before the cut-off is refused only that long");
    private static final Setting<Integer> REVOCATION_MAX_ENTRIES = Setting.integer("gatehouse.revocation.max-entries")
            .byDefault(100_000).check(Checks.between("gatehouse.revocation.max-entries", 1, 10_000_000))
            .doc("most revocations a node keeps (tokens and users); beyond, once the expired ones are gone, a"
                    + " revocation is refused with `IllegalStateException` and counted (`gatehouse.revocations.refused`)");
    private static final Setting<Boolean> METRICS = Setting.bool("gatehouse.metrics.enabled").byDefault(true)
            .doc("record the meters (README \"Metrics\") on the back end given or found on the class path; `false`: none");

    /** Every setting of this class, in the order of the README's table. */
    static final List<Setting<?>> SETTINGS = List.of(SUBPROTOCOLS, ORIGINS, REQUIRED_GROUPS, QUERY_PARAM, AUTH_TIMEOUT,
            AUTH_WAITING_THREADS, REJECT_STATUS, HANDSHAKE_MODE, HANDSHAKE_TIMEOUT, READY_TIMEOUT, READY_QUEUE_LIMIT, HEARTBEAT_INTERVAL,
            HEARTBEAT_TIMEOUT, IDLE_TIMEOUT, EXPIRY_WARNING, MAX_MESSAGE_SIZE, HANDLER_TIMEOUT, HANDLER_QUEUE_LIMIT,
            HANDLER_THREADS, HANDLER_STUCK_THREADS, VIRTUAL_THREADS, RATE_LIMIT, MAX_CONNECTIONS, MAX_CONNECTIONS_PER_USER, JSON_MAX_DEPTH,
            JSON_MAX_NUMBER_LENGTH, NODE_ID, NODE_TTL, SECRET, SECRET_FILE, SECRET_ACCEPTED, SECRET_ACCEPTED_FILE,
            PRESENCE_ROOMS, PRESENCE_EVENTS, ROOMS_PER_CONNECTION,
            HISTORY_ROOMS, HISTORY_SIZE, HISTORY_AGE, HISTORY_RECOVERY_LIMIT, HISTORY_TIMEOUT, HISTORY_USERS, REVOCATION_MAX_AGE,
            REVOCATION_MAX_ENTRIES, METRICS);
    /** Every setting Gatehouse reads: this class's, the token's and the standalone server's. */
    static final List<Setting<?>> ALL = java.util.stream.Stream.of(SETTINGS, JwtSettings.SETTINGS,
            ServerSettings.SETTINGS).flatMap(List::stream).toList();
    private static final ConfigSource NO_SOURCE = name -> java.util.Optional.empty();

    private final Values values;
    private final JwtSettings jwt;
    private final ConfigSource source;

    private GatehouseConfig(Values values, ConfigSource source) {
        this.values = values;
        this.jwt = new JwtSettings(values);
        this.source = source;
    }

    /** {@return a builder with every default set and no key configured} */
    public static Builder builder() {
        return new Builder(new Values.Builder(), NO_SOURCE);
    }

    /**
     * A builder filled from the given properties. Call {@link Builder#build()} to validate.
     *
     * @param source where the properties come from, for example {@link ConfigSource#system()}
     * @return the builder
     * @throws ConfigurationException when a value does not parse or is out of range
     */
    public static Builder from(ConfigSource source) {
        return new Builder(new Values.Builder().read(source, ALL), source);
    }

    /** {@return a builder holding this configuration, to change a few values} */
    public Builder toBuilder() {
        return new Builder(values.toBuilder(), source);
    }

    /** The values of every setting, for the standalone server to read its own ({@link ServerSettings}). */
    Values values() {
        return values;
    }

    /** {@return token verification settings ({@code mp.jwt.*}, {@code gatehouse.jwt.*})} */
    public JwtSettings jwt() {
        return jwt;
    }

    /** {@return plain application subprotocols the server selects from ({@code gatehouse.subprotocols})} */
    public List<String> subprotocols() {
        return values.get(SUBPROTOCOLS);
    }

    /**
     * {@return allowed {@code Origin} values; empty allows any ({@code gatehouse.origins})} Required
     * when the token is read from a cookie ({@code mp.jwt.token.header=Cookie}).
     */
    public Set<String> origins() {
        return values.get(ORIGINS);
    }

    /** {@return groups a token must all have in its {@code groups} claim ({@code gatehouse.auth.required-groups})} */
    public Set<String> requiredGroups() {
        return values.get(REQUIRED_GROUPS);
    }

    /** {@return whether the {@code access_token} query parameter is read ({@code gatehouse.auth.query-param})} */
    public boolean queryParamToken() {
        return values.get(QUERY_PARAM);
    }

    /**
     * Bound on an application's {@link TokenVerifier} at the handshake ({@code gatehouse.auth.timeout},
     * default 5s): it runs on Gatehouse's verifier threads, and a handshake it has not answered by then
     * is refused {@code 503 SERVICE_UNAVAILABLE}. Gatehouse's own verifier answers on the handshake's
     * thread and is not bounded by it.
     *
     * @return the bound
     */
    public Duration authTimeout() {
        return values.get(AUTH_TIMEOUT);
    }

    /**
     * In a WAR, how many of the server's request threads may wait at once for an application's
     * {@link TokenVerifier} ({@code gatehouse.auth.waiting-threads}, default 4 × cores, a quarter of
     * WildFly's request threads, which also run its WebSocket messages); a handshake beyond them is
     * refused {@code 503 SERVICE_UNAVAILABLE} at once. The standalone server's handshakes wait on no
     * thread.
     *
     * @return the bound
     */
    public int authWaitingThreads() {
        return values.get(AUTH_WAITING_THREADS);
    }

    /** {@return HTTP status for refused tokens ({@code gatehouse.handshake.reject-status}, default 401)} */
    public int rejectStatus() {
        return values.get(REJECT_STATUS);
    }

    /** {@return how refusals are answered ({@code gatehouse.handshake.mode})} */
    public HandshakeMode handshakeMode() {
        return values.get(HANDSHAKE_MODE);
    }

    /**
     * Time a standalone client has, from its TCP connect (or its previous HTTP request), to complete
     * an upgrade request ({@code gatehouse.handshake.timeout}, default 10s).
     *
     * @return the time
     */
    public Duration handshakeTimeout() {
        return values.get(HANDSHAKE_TIMEOUT);
    }

    /** {@return bound on readiness checks and per-connection setup ({@code gatehouse.ready.timeout}, default 5s)} */
    public Duration readyTimeout() {
        return values.get(READY_TIMEOUT);
    }

    /** {@return frames kept before the welcome ({@code gatehouse.ready.queue-limit}, default 64)} */
    public int readyQueueLimit() {
        return values.get(READY_QUEUE_LIMIT);
    }

    /** {@return interval between server pings ({@code gatehouse.heartbeat.interval}, default 25s; 0 disables)} */
    public Duration heartbeatInterval() {
        return values.get(HEARTBEAT_INTERVAL);
    }

    /** {@return how long a ping may stay unanswered ({@code gatehouse.heartbeat.timeout}, default 10s)} */
    public Duration heartbeatTimeout() {
        return values.get(HEARTBEAT_TIMEOUT);
    }

    /** {@return close after this long without a frame from the client ({@code gatehouse.idle-timeout}, default 0 = never)} */
    public Duration idleTimeout() {
        return values.get(IDLE_TIMEOUT);
    }

    /** {@return how long before {@code exp} the {@code session_expiring} event goes out ({@code gatehouse.session.expiry-warning})} */
    public Duration expiryWarning() {
        return values.get(EXPIRY_WARNING);
    }

    /** {@return largest text frame in UTF-8 bytes ({@code gatehouse.max-message-size}, default 65536)} */
    public int maxMessageSize() {
        return values.get(MAX_MESSAGE_SIZE);
    }

    /** {@return time limit of one handler call ({@code gatehouse.handler.timeout}, default 30s)} */
    public Duration handlerTimeout() {
        return values.get(HANDLER_TIMEOUT);
    }

    /** {@return frames waiting for handlers per connection before {@code RATE_LIMITED} ({@code gatehouse.handler.queue-limit})} */
    public int handlerQueueLimit() {
        return values.get(HANDLER_QUEUE_LIMIT);
    }

    /**
     * Handler calls that run at once within their time limit ({@code gatehouse.handler.threads},
     * default 16 × cores), each on its own thread, started on demand; the lifecycle's application
     * code (listeners, readiness checks, setups) has a pool of the same size.
     *
     * @return the bound
     */
    public int handlerThreads() {
        return values.get(HANDLER_THREADS);
    }

    /**
     * Calls that may be past their time limit at once in each of Gatehouse's pools, each replaced by
     * a new thread ({@code gatehouse.handler.stuck-threads}, default 64); a quarter of them per message
     * type, beyond which the type's frames are answered {@code HANDLER_TIMEOUT} without a call.
     *
     * @return the bound; 0 replaces none
     */
    public int handlerStuckThreads() {
        return values.get(HANDLER_STUCK_THREADS);
    }

    /**
     * Whether application code runs on virtual threads ({@code gatehouse.handler.virtual-threads},
     * default false): needs JDK 21 or later, and a server on an older JDK refuses to start.
     *
     * @return true for virtual threads
     */
    public boolean virtualThreads() {
        return values.get(VIRTUAL_THREADS);
    }

    /** {@return frames per second a client may send, 0 for no limit ({@code gatehouse.rate-limit})} */
    public int rateLimit() {
        return values.get(RATE_LIMIT);
    }

    /**
     * Most connections held at once ({@code gatehouse.max-connections}); on the standalone server
     * every open socket counts, handshakes in progress included. By default derived from the
     * process's open-file limit, leaving a reserve so that the server never runs out of descriptors.
     *
     * @return the limit
     */
    public int maxConnections() {
        return values.get(MAX_CONNECTIONS);
    }

    /** {@return most connections one user ({@code sub}) holds at once, 0 for no limit ({@code gatehouse.max-connections-per-user}, default 100)} */
    public int maxConnectionsPerUser() {
        return values.get(MAX_CONNECTIONS_PER_USER);
    }

    /** {@return deepest nesting of a client frame, the envelope being level 1 ({@code gatehouse.json.max-depth}, default 32)} */
    public int jsonMaxDepth() {
        return values.get(JSON_MAX_DEPTH);
    }

    /** {@return longest number in a client frame, in characters ({@code gatehouse.json.max-number-length}, default 64)} */
    public int jsonMaxNumberLength() {
        return values.get(JSON_MAX_NUMBER_LENGTH);
    }

    /**
     * The source this configuration was read from ({@link #from}); a source without properties for
     * {@link #builder()}. A {@link BackplaneProvider} reads its own settings from it.
     *
     * @return the source
     */
    public ConfigSource source() {
        return source;
    }

    /** {@return this node's id in the cluster ({@code gatehouse.cluster.node-id}); empty for a random one per start} */
    public String nodeId() {
        return values.get(NODE_ID);
    }

    /** {@return how long a crashed node's presence outlives it ({@code gatehouse.cluster.node-ttl}, default 10 s)} */
    public Duration nodeTtl() {
        return values.get(NODE_TTL);
    }

    /**
     * The cluster's shared secret ({@code gatehouse.cluster.secret}, or read from
     * {@code gatehouse.cluster.secret-file} when called), which signs this node's backplane messages.
     *
     * @return the secret, or empty when none is configured
     * @throws ConfigurationException naming the file's property when the file cannot be read
     */
    public Optional<String> clusterSecret() {
        return secret(SECRET, SECRET_FILE);
    }

    /**
     * A second secret accepted on backplane messages, never used to sign
     * ({@code gatehouse.cluster.secret.accepted} or {@code …accepted-file}): the middle of a rotation.
     *
     * @return the secret, or empty when none is configured
     * @throws ConfigurationException naming the file's property when the file cannot be read
     */
    public Optional<String> clusterSecretAccepted() {
        return secret(SECRET_ACCEPTED, SECRET_ACCEPTED_FILE);
    }

    private Optional<String> secret(Setting<String> value, Setting<String> file) {
        if (values.isSet(value)) {
            return Optional.of(values.get(value));
        }
        if (!values.isSet(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(Path.of(values.get(file)), StandardCharsets.UTF_8).strip());
        } catch (IOException | RuntimeException e) {
            throw new ConfigurationException(file.name(), "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** {@return the rooms whose presence is tracked: names, or patterns ending in {@code *} ({@code gatehouse.presence.rooms})} */
    public List<String> presenceRooms() {
        return values.get(PRESENCE_ROOMS);
    }

    /** {@return whether tracked rooms' members hear {@code member_joined}/{@code member_left} ({@code gatehouse.presence.events}, default true)} */
    public boolean presenceEvents() {
        return values.get(PRESENCE_EVENTS);
    }

    /** {@return rooms one connection may be in at once ({@code gatehouse.rooms.max-per-connection}, default 100)} */
    public int maxRoomsPerConnection() {
        return values.get(ROOMS_PER_CONNECTION);
    }

    /**
     * {@return the rooms with history, as given: names or patterns ending in {@code *}, each with
     * optional {@code ;size=N;age=D} bounds ({@code gatehouse.history.rooms}, default none)}
     */
    public List<String> historyRooms() {
        return values.get(HISTORY_ROOMS);
    }

    /** {@return frames kept per stream with history ({@code gatehouse.history.size}, default 1000)} */
    public int historySize() {
        return values.get(HISTORY_SIZE);
    }

    /** {@return how long a frame stays recoverable ({@code gatehouse.history.age}, default 5 min)} */
    public Duration historyAge() {
        return values.get(HISTORY_AGE);
    }

    /** {@return the most frames one recovery sends ({@code gatehouse.history.recovery-limit}, default 300)} */
    public int historyRecoveryLimit() {
        return values.get(HISTORY_RECOVERY_LIMIT);
    }

    /** {@return the time limit of one history read ({@code gatehouse.history.timeout}, default 2 s)} */
    public Duration historyTimeout() {
        return values.get(HISTORY_TIMEOUT);
    }

    /** {@return whether users' direct frames are kept for recovery ({@code gatehouse.history.users}, default false)} */
    public boolean historyUsers() {
        return values.get(HISTORY_USERS);
    }

    /** {@return how long a user's cut-off is kept ({@code gatehouse.revocation.max-age}, default 1 day)} */
    public Duration revocationMaxAge() {
        return values.get(REVOCATION_MAX_AGE);
    }

    /** {@return the most revocations a node keeps ({@code gatehouse.revocation.max-entries}, default 100000)} */
    public int revocationMaxEntries() {
        return values.get(REVOCATION_MAX_ENTRIES);
    }

    /** {@return whether meters are recorded when no back end was given ({@code gatehouse.metrics.enabled}, default true)} */
    public boolean metricsEnabled() {
        return values.get(METRICS);
    }

    private static String nodeId(String id) {
        if (!id.isEmpty() && !id.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new ConfigurationException(NODE_ID.name(), "expected 1–64 of [A-Za-z0-9_.-], got '" + id + "'");
        }
        return id;
    }

    private static List<String> roomPatterns(List<String> patterns) {
        return roomPatterns(PRESENCE_ROOMS.name(), patterns);
    }

    private static List<String> roomPatterns(String property, List<String> patterns) {
        for (String p : patterns) {
            String name = p.endsWith("*") ? p.substring(0, p.length() - 1) : p;
            if (!(name.isEmpty() && p.equals("*")) && !Rooms.isValidName(name)) {
                throw new ConfigurationException(property, "'" + p + "' is not a room name or a"
                        + " room-name prefix followed by *");
            }
        }
        return List.copyOf(patterns);
    }

    private static List<String> historyPatterns(List<String> entries) {
        for (String entry : entries) {
            String pattern = entry.split(";", 2)[0];
            roomPatterns(HISTORY_ROOMS.name(), List.of(pattern));
            dev.gatehouse.internal.cluster.HistoryRooms.check(HISTORY_ROOMS.name(), entry);
        }
        return List.copyOf(entries);
    }

    private static List<String> plainSubprotocols(List<String> subprotocols) {
        if (subprotocols.isEmpty()) {
            throw new ConfigurationException(SUBPROTOCOLS.name(), "needs at least one plain subprotocol");
        }
        for (String p : subprotocols) {
            if (TokenEntries.isTokenBearing(p)) {
                throw new ConfigurationException(SUBPROTOCOLS.name(), "'" + p + "' looks like a token-bearing entry");
            }
        }
        return List.copyOf(subprotocols);
    }

    /**
     * The default {@code gatehouse.max-connections}: the open-file limit less a reserve of 2 %
     * (at least 256) for the JVM's own files (every jar on the class path is one) and for answering
     * refused handshakes.
     */
    private static int defaultMaxConnections() {
        long limit = openFileLimit();
        long reserve = Math.max(256, limit / 50);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, limit - reserve));
    }

    /**
     * The process's open-file limit, read as a platform MBean attribute: in a WAR the
     * {@code com.sun.management} classes may not be visible (WildFly's module loader hides them).
     */
    private static long openFileLimit() {
        try {
            Object max = java.lang.management.ManagementFactory.getPlatformMBeanServer().getAttribute(
                    new javax.management.ObjectName("java.lang:type=OperatingSystem"), "MaxFileDescriptorCount");
            return max instanceof Long l && l > 0 ? l : 10_000;
        } catch (Exception e) { // not a Unix JVM, or no such attribute
            return 10_000;
        }
    }

    /**
     * Builds a {@link GatehouseConfig}: one typed setter per setting, named in each setter's comment.
     * Setters check their argument; {@link #build()} checks the whole. Not thread-safe.
     */
    public static final class Builder {
        private final Values.Builder values;
        private final ConfigSource source;

        private Builder(Values.Builder values, ConfigSource source) {
            this.values = values;
            this.source = source;
        }

        /** The names of the settings given so far, from the source or by a setter. */
        Set<String> given() {
            return values.build().namesSet();
        }

        /**
         * Verifies HS256/384/512 tokens with this secret, at least 256 bits of UTF-8
         * ({@code gatehouse.jwt.secret}); see {@link JwtSettings#secret()}. The token settings
         * ({@link GatehouseConfig#jwt()}) follow.
         *
         * @param secret the HMAC secret
         * @return this builder
         */
        public Builder hmacSecret(String secret) {
            values.set(JwtSettings.SECRET, Objects.requireNonNull(secret, "secret"));
            return this;
        }

        /**
         * Verifies tokens with this public key: PEM, JWK or JWKS, inline
         * ({@code mp.jwt.verify.publickey}); see {@link JwtSettings#publicKey()}.
         *
         * @param pemOrJwk the key
         * @return this builder
         */
        public Builder publicKey(String pemOrJwk) {
            values.set(JwtSettings.PUBLIC_KEY, Objects.requireNonNull(pemOrJwk, "pemOrJwk"));
            return this;
        }

        /**
         * See {@link JwtSettings#publicKeyLocation()} ({@code mp.jwt.verify.publickey.location}).
         *
         * @param location the value
         * @return this builder
         */
        public Builder publicKeyLocation(String location) {
            values.set(JwtSettings.PUBLIC_KEY_LOCATION, Objects.requireNonNull(location, "location"));
            return this;
        }

        /**
         * See {@link JwtSettings#algorithms()} ({@code mp.jwt.verify.publickey.algorithm}).
         *
         * @param algorithms the value
         * @return this builder
         */
        public Builder jwtAlgorithms(List<String> algorithms) {
            values.set(JwtSettings.ALGORITHMS, List.copyOf(algorithms));
            return this;
        }

        /**
         * See {@link JwtSettings#issuer()} ({@code mp.jwt.verify.issuer}).
         *
         * @param issuer the value
         * @return this builder
         */
        public Builder issuer(String issuer) {
            values.set(JwtSettings.ISSUER, Objects.requireNonNull(issuer, "issuer"));
            return this;
        }

        /**
         * See {@link JwtSettings#audiences()} ({@code mp.jwt.verify.audiences}).
         *
         * @param audiences the value
         * @return this builder
         */
        public Builder audiences(Set<String> audiences) {
            values.set(JwtSettings.AUDIENCES, Set.copyOf(audiences));
            return this;
        }

        /**
         * See {@link JwtSettings#clockSkew()} ({@code mp.jwt.verify.clock.skew}).
         *
         * @param skew the value
         * @return this builder
         */
        public Builder clockSkew(Duration skew) {
            values.set(JwtSettings.CLOCK_SKEW, Objects.requireNonNull(skew, "skew"));
            return this;
        }

        /**
         * See {@link JwtSettings#tokenAge()} ({@code mp.jwt.verify.token.age}).
         *
         * @param age the value
         * @return this builder
         */
        public Builder tokenAge(Duration age) {
            values.set(JwtSettings.TOKEN_AGE, Objects.requireNonNull(age, "age"));
            return this;
        }

        /**
         * See {@link JwtSettings#decryptKeyLocation()} ({@code mp.jwt.decrypt.key.location}).
         *
         * @param location the value
         * @return this builder
         */
        public Builder decryptKeyLocation(String location) {
            values.set(JwtSettings.DECRYPT_KEY_LOCATION, Objects.requireNonNull(location, "location"));
            return this;
        }

        /**
         * See {@link JwtSettings#decryptAlgorithms()} ({@code mp.jwt.decrypt.key.algorithm}); names match
         * case-insensitively.
         *
         * @param algorithms the value
         * @return this builder
         */
        public Builder decryptAlgorithms(List<String> algorithms) {
            values.set(JwtSettings.DECRYPT_ALGORITHM, List.copyOf(algorithms));
            return this;
        }

        /**
         * See {@link JwtSettings#tokenHeader()} ({@code mp.jwt.token.header}): {@code Authorization} or
         * {@code Cookie}, in any case.
         *
         * @param header the value
         * @return this builder
         */
        public Builder tokenHeader(String header) {
            values.set(JwtSettings.TOKEN_HEADER, Objects.requireNonNull(header, "header"));
            return this;
        }

        /**
         * See {@link JwtSettings#tokenCookie()} ({@code mp.jwt.token.cookie}).
         *
         * @param cookie the value
         * @return this builder
         */
        public Builder tokenCookie(String cookie) {
            values.set(JwtSettings.TOKEN_COOKIE, Objects.requireNonNull(cookie, "cookie"));
            return this;
        }

        /**
         * See {@link JwtSettings#jwksRefreshInterval()} ({@code gatehouse.jwks.refresh-interval}).
         *
         * @param interval the value
         * @return this builder
         */
        public Builder jwksRefreshInterval(Duration interval) {
            values.set(JwtSettings.JWKS_REFRESH, Objects.requireNonNull(interval, "interval"));
            return this;
        }

        /**
         * See {@link JwtSettings#jwksRefetchMinInterval()} ({@code gatehouse.jwks.refetch-min-interval}).
         *
         * @param interval the value
         * @return this builder
         */
        public Builder jwksRefetchMinInterval(Duration interval) {
            values.set(JwtSettings.JWKS_REFETCH, Objects.requireNonNull(interval, "interval"));
            return this;
        }

        /**
         * See {@link JwtSettings#jwksFetchTimeout()} ({@code gatehouse.jwks.fetch-timeout}).
         *
         * @param timeout the value
         * @return this builder
         */
        public Builder jwksFetchTimeout(Duration timeout) {
            values.set(JwtSettings.JWKS_FETCH_TIMEOUT, Objects.requireNonNull(timeout, "timeout"));
            return this;
        }

        /**
         * See {@link JwtSettings#jwksAllowHttp()} ({@code gatehouse.jwks.allow-http}); for tests only.
         *
         * @param allow the value
         * @return this builder
         */
        public Builder jwksAllowHttp(boolean allow) {
            values.set(JwtSettings.JWKS_ALLOW_HTTP, allow);
            return this;
        }

        /**
         * See {@link JwtSettings#verifiedCacheSize()} ({@code gatehouse.auth.cache-size}); 0 disables the cache.
         *
         * @param size the value
         * @return this builder
         */
        public Builder verifiedCacheSize(int size) {
            values.set(JwtSettings.CACHE_SIZE, size);
            return this;
        }

        /**
         * See {@link GatehouseConfig#subprotocols()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder subprotocols(List<String> v) {
            values.set(SUBPROTOCOLS, List.copyOf(v));
            return this;
        }

        /**
         * See {@link GatehouseConfig#origins()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder origins(Set<String> v) {
            values.set(ORIGINS, Set.copyOf(v));
            return this;
        }

        /**
         * See {@link GatehouseConfig#requiredGroups()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder requiredGroups(Set<String> v) {
            values.set(REQUIRED_GROUPS, Set.copyOf(v));
            return this;
        }

        /**
         * See {@link GatehouseConfig#queryParamToken()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder queryParamToken(boolean v) {
            values.set(QUERY_PARAM, v);
            return this;
        }

        /**
         * See {@link GatehouseConfig#authTimeout()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder authTimeout(Duration v) {
            values.set(AUTH_TIMEOUT, v);
            return this;
        }

        /**
         * See {@link GatehouseConfig#authWaitingThreads()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder authWaitingThreads(int v) {
            values.set(AUTH_WAITING_THREADS, v);
            return this;
        }

        /**
         * See {@link GatehouseConfig#rejectStatus()}; a 4xx status.
         *
         * @param v the value
         * @return this builder
         */
        public Builder rejectStatus(int v) {
            values.set(REJECT_STATUS, v);
            return this;
        }

        /**
         * See {@link GatehouseConfig#handshakeMode()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder handshakeMode(HandshakeMode v) {
            values.set(HANDSHAKE_MODE, Objects.requireNonNull(v, "mode"));
            return this;
        }

        /**
         * See {@link GatehouseConfig#handshakeTimeout()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder handshakeTimeout(Duration v) {
            values.set(HANDSHAKE_TIMEOUT, Objects.requireNonNull(v, "timeout"));
            return this;
        }

        /**
         * See {@link GatehouseConfig#readyTimeout()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder readyTimeout(Duration v) {
            values.set(READY_TIMEOUT, Objects.requireNonNull(v, "timeout"));
            return this;
        }

        /**
         * See {@link GatehouseConfig#readyQueueLimit()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder readyQueueLimit(int v) {
            values.set(READY_QUEUE_LIMIT, v);
            return this;
        }

        /**
         * See {@link GatehouseConfig#heartbeatInterval()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder heartbeatInterval(Duration v) {
            values.set(HEARTBEAT_INTERVAL, Objects.requireNonNull(v, "interval"));
            return this;
        }

        /**
         * See {@link GatehouseConfig#heartbeatTimeout()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder heartbeatTimeout(Duration v) {
            values.set(HEARTBEAT_TIMEOUT, Objects.requireNonNull(v, "timeout"));
            return this;
        }

        /**
         * See {@link GatehouseConfig#idleTimeout()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder idleTimeout(Duration v) {
            values.set(IDLE_TIMEOUT, Objects.requireNonNull(v, "timeout"));
            return this;
        }

        /**
         * See {@link GatehouseConfig#expiryWarning()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder expiryWarning(Duration v) {
            values.set(EXPIRY_WARNING, Objects.requireNonNull(v, "warning"));
            return this;
        }

        /**
         * See {@link GatehouseConfig#maxMessageSize()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder maxMessageSize(int v) {
            values.set(MAX_MESSAGE_SIZE, v);
            return this;
        }

        /**
         * See {@link GatehouseConfig#handlerTimeout()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder handlerTimeout(Duration v) {
            values.set(HANDLER_TIMEOUT, Objects.requireNonNull(v, "timeout"));
            return this;
        }

        /**
         * See {@link GatehouseConfig#handlerQueueLimit()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder handlerQueueLimit(int v) {
            values.set(HANDLER_QUEUE_LIMIT, v);
            return this;
        }

        /**
         * See {@link GatehouseConfig#handlerThreads()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder handlerThreads(int v) {
            values.set(HANDLER_THREADS, v);
            return this;
        }

        /**
         * See {@link GatehouseConfig#handlerStuckThreads()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder handlerStuckThreads(int v) {
            values.set(HANDLER_STUCK_THREADS, v);
            return this;
        }

        /**
         * See {@link GatehouseConfig#virtualThreads()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder virtualThreads(boolean v) {
            values.set(VIRTUAL_THREADS, v);
            return this;
        }

        /**
         * See {@link GatehouseConfig#rateLimit()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder rateLimit(int v) {
            values.set(RATE_LIMIT, v);
            return this;
        }

        /**
         * See {@link GatehouseConfig#maxConnections()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder maxConnections(int v) {
            values.set(MAX_CONNECTIONS, v);
            return this;
        }

        /**
         * See {@link GatehouseConfig#maxConnectionsPerUser()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder maxConnectionsPerUser(int v) {
            values.set(MAX_CONNECTIONS_PER_USER, v);
            return this;
        }

        /**
         * See {@link GatehouseConfig#jsonMaxDepth()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder jsonMaxDepth(int v) {
            values.set(JSON_MAX_DEPTH, v);
            return this;
        }

        /**
         * See {@link GatehouseConfig#jsonMaxNumberLength()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder jsonMaxNumberLength(int v) {
            values.set(JSON_MAX_NUMBER_LENGTH, v);
            return this;
        }

        /**
         * See {@link GatehouseConfig#nodeId()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder nodeId(String v) {
            values.set(NODE_ID, v);
            return this;
        }

        /**
         * See {@link GatehouseConfig#nodeTtl()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder nodeTtl(Duration v) {
            values.set(NODE_TTL, v);
            return this;
        }

        /**
         * See {@link GatehouseConfig#clusterSecret()}.
         *
         * @param v the secret
         * @return this builder
         */
        public Builder clusterSecret(String v) {
            values.set(SECRET, Objects.requireNonNull(v, "secret"));
            return this;
        }

        /**
         * See {@link GatehouseConfig#clusterSecretAccepted()}.
         *
         * @param v the secret
         * @return this builder
         */
        public Builder clusterSecretAccepted(String v) {
            values.set(SECRET_ACCEPTED, Objects.requireNonNull(v, "secret"));
            return this;
        }
        /**
         * A file holding the cluster's secret, read at startup ({@code gatehouse.cluster.secret-file}); not
         * together with {@link #clusterSecret}.
         *
         * @param file the value
         * @return this builder
         */
        public Builder clusterSecretFile(Path file) {
            values.set(SECRET_FILE, Objects.requireNonNull(file, "file").toString());
            return this;
        }
        /**
         * A file holding the secret accepted during a rotation
         * ({@code gatehouse.cluster.secret.accepted-file}); not together with {@link #clusterSecretAccepted}.
         *
         * @param file the value
         * @return this builder
         */
        public Builder clusterSecretAcceptedFile(Path file) {
            values.set(SECRET_ACCEPTED_FILE, Objects.requireNonNull(file, "file").toString());
            return this;
        }

        /**
         * See {@link GatehouseConfig#presenceRooms()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder presenceRooms(List<String> v) {
            values.set(PRESENCE_ROOMS, v);
            return this;
        }

        /**
         * See {@link GatehouseConfig#presenceEvents()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder presenceEvents(boolean v) {
            values.set(PRESENCE_EVENTS, v);
            return this;
        }

        /**
         * See {@link GatehouseConfig#historyRooms()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder historyRooms(List<String> v) {
            values.set(HISTORY_ROOMS, v);
            return this;
        }

        /**
         * See {@link GatehouseConfig#historySize()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder historySize(int v) {
            values.set(HISTORY_SIZE, v);
            return this;
        }

        /**
         * See {@link GatehouseConfig#historyAge()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder historyAge(Duration v) {
            values.set(HISTORY_AGE, v);
            return this;
        }

        /**
         * See {@link GatehouseConfig#historyRecoveryLimit()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder historyRecoveryLimit(int v) {
            values.set(HISTORY_RECOVERY_LIMIT, v);
            return this;
        }

        /**
         * See {@link GatehouseConfig#historyTimeout()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder historyTimeout(Duration v) {
            values.set(HISTORY_TIMEOUT, v);
            return this;
        }

        /**
         * See {@link GatehouseConfig#historyUsers()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder historyUsers(boolean v) {
            values.set(HISTORY_USERS, v);
            return this;
        }

        /**
         * See {@link GatehouseConfig#maxRoomsPerConnection()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder maxRoomsPerConnection(int v) {
            values.set(ROOMS_PER_CONNECTION, v);
            return this;
        }

        /**
         * See {@link GatehouseConfig#revocationMaxAge()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder revocationMaxAge(Duration v) {
            values.set(REVOCATION_MAX_AGE, v);
            return this;
        }

        /**
         * See {@link GatehouseConfig#revocationMaxEntries()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder revocationMaxEntries(int v) {
            values.set(REVOCATION_MAX_ENTRIES, v);
            return this;
        }

        /**
         * See {@link GatehouseConfig#metricsEnabled()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder metricsEnabled(boolean v) {
            values.set(METRICS, v);
            return this;
        }

        // The standalone server's settings, read by GatehouseServer; a WAR ignores them.
        /**
         * The interface the standalone server binds ({@code gatehouse.host}, default 127.0.0.1).
         *
         * @param host the value
         * @return this builder
         */
        public Builder host(String host) {
            values.set(ServerSettings.HOST, Objects.requireNonNull(host, "host"));
            return this;
        }
        /**
         * The standalone server's port ({@code gatehouse.port}, default 8025; 0 picks a free one, see
         * {@link GatehouseServer#port()}).
         *
         * @param port the value
         * @return this builder
         */
        public Builder port(int port) {
            values.set(ServerSettings.PORT, port);
            return this;
        }
        /**
         * The standalone server's endpoint path ({@code gatehouse.path}, default {@code /ws}), starting with
         * {@code /}.
         *
         * @param path the value
         * @return this builder
         */
        public Builder path(String path) {
            values.set(ServerSettings.PATH, Objects.requireNonNull(path, "path"));
            return this;
        }
        /**
         * Whether the standalone server serves {@code /health/live} and {@code /health/ready}
         * ({@code gatehouse.health.enabled}, default true).
         *
         * @param enabled the value
         * @return this builder
         */
        public Builder healthEnabled(boolean enabled) {
            values.set(ServerSettings.HEALTH, enabled);
            return this;
        }
        /**
         * How long, on {@link GatehouseServer#stop()}, {@code /health/ready} answers 503 before the
         * connections are closed ({@code gatehouse.shutdown.drain}, default 0).
         *
         * @param drain the value
         * @return this builder
         */
        public Builder shutdownDrain(Duration drain) {
            values.set(ServerSettings.DRAIN, Objects.requireNonNull(drain, "drain"));
            return this;
        }
        /**
         * Whether the standalone server serves {@code /metrics} in Prometheus' text format
         * ({@code gatehouse.metrics.prometheus}, default false; needs Micrometer's Prometheus registry).
         *
         * @param enabled the value
         * @return this builder
         */
        public Builder metricsPrometheus(boolean enabled) {
            values.set(ServerSettings.PROMETHEUS, enabled);
            return this;
        }
        /**
         * Whether the standalone server serves the live status page at {@code /status}
         * ({@code gatehouse.status.enabled}, default false; needs Micrometer).
         *
         * @param enabled the value
         * @return this builder
         */
        public Builder statusEnabled(boolean enabled) {
            values.set(ServerSettings.STATUS, enabled);
            return this;
        }
        /**
         * A PKCS#12 key store with the server's certificate chain and key; turns TLS on
         * ({@code gatehouse.tls.key-store}; README "TLS").
         *
         * @param keyStore the value
         * @return this builder
         */
        public Builder tlsKeyStore(Path keyStore) {
            values.set(TlsSettings.KEY_STORE, Objects.requireNonNull(keyStore, "keyStore"));
            return this;
        }
        /**
         * The key store's password ({@code gatehouse.tls.key-store-password}); never logged.
         *
         * @param password the value
         * @return this builder
         */
        public Builder tlsKeyStorePassword(String password) {
            values.set(TlsSettings.KEY_STORE_PASSWORD, Objects.requireNonNull(password, "password"));
            return this;
        }
        /**
         * A file holding the key store's password instead ({@code gatehouse.tls.key-store-password-file}).
         *
         * @param file the value
         * @return this builder
         */
        public Builder tlsKeyStorePasswordFile(Path file) {
            values.set(TlsSettings.KEY_STORE_PASSWORD_FILE, Objects.requireNonNull(file, "file"));
            return this;
        }
        /**
         * A PEM certificate chain, the server's own first; turns TLS on with {@link #tlsPrivateKey}
         * ({@code gatehouse.tls.certificate}).
         *
         * @param certificate the value
         * @return this builder
         */
        public Builder tlsCertificate(Path certificate) {
            values.set(TlsSettings.CERTIFICATE, Objects.requireNonNull(certificate, "certificate"));
            return this;
        }
        /**
         * The PEM PKCS#8 private key of {@link #tlsCertificate}, unencrypted ({@code gatehouse.tls.private-key}).
         *
         * @param privateKey the value
         * @return this builder
         */
        public Builder tlsPrivateKey(Path privateKey) {
            values.set(TlsSettings.PRIVATE_KEY, Objects.requireNonNull(privateKey, "privateKey"));
            return this;
        }
        /**
         * Whether clients present certificates ({@code gatehouse.tls.client-auth}, default none).
         *
         * @param clientAuth the value
         * @return this builder
         */
        public Builder tlsClientAuth(ClientAuth clientAuth) {
            values.set(TlsSettings.CLIENT_AUTH, TlsSettings.ClientAuth.valueOf(clientAuth.name()));
            return this;
        }
        /**
         * A PEM file of the CAs whose client certificates are accepted ({@code gatehouse.tls.client-ca}).
         *
         * @param file the value
         * @return this builder
         */
        public Builder tlsClientCa(Path file) {
            values.set(TlsSettings.CLIENT_CA, Objects.requireNonNull(file, "file"));
            return this;
        }
        /**
         * How often the certificate's files are read again ({@code gatehouse.tls.reload-interval}, default
         * 10s, at least 1s).
         *
         * @param interval the value
         * @return this builder
         */
        public Builder tlsReloadInterval(Duration interval) {
            values.set(TlsSettings.RELOAD_INTERVAL, Objects.requireNonNull(interval, "interval"));
            return this;
        }
        /**
         * Whether the standalone server offers permessage-deflate ({@code gatehouse.compression.enabled},
         * default false; README "Compression").
         *
         * @param enabled the value
         * @return this builder
         */
        public Builder compressionEnabled(boolean enabled) {
            values.set(CompressionSettings.ENABLED, enabled);
            return this;
        }
        /**
         * The zlib level of the server's messages, 1 to 9 ({@code gatehouse.compression.level}, default 6).
         *
         * @param level the value
         * @return this builder
         */
        public Builder compressionLevel(int level) {
            values.set(CompressionSettings.LEVEL, level);
            return this;
        }
        /**
         * Whether each connection keeps its zlib state between messages
         * ({@code gatehouse.compression.context-takeover}, default false).
         *
         * @param takeover the value
         * @return this builder
         */
        public Builder compressionContextTakeover(boolean takeover) {
            values.set(CompressionSettings.CONTEXT_TAKEOVER, takeover);
            return this;
        }
        /**
         * Server messages shorter than this many bytes are sent uncompressed
         * ({@code gatehouse.compression.min-size}, default 128).
         *
         * @param bytes the value
         * @return this builder
         */
        public Builder compressionMinSize(int bytes) {
            values.set(CompressionSettings.MIN_SIZE, bytes);
            return this;
        }

        /**
         * Checks the whole configuration and builds it.
         *
         * @return the configuration
         * @throws ConfigurationException naming the property at fault
         */
        public GatehouseConfig build() {
            Duration interval = values.get(HEARTBEAT_INTERVAL);
            if (!interval.isZero() && values.get(HEARTBEAT_TIMEOUT).compareTo(interval) > 0) {
                throw new ConfigurationException(HEARTBEAT_TIMEOUT.name(), "must not exceed " + HEARTBEAT_INTERVAL.name());
            }
            for (List<Setting<String>> pair : List.of(List.of(SECRET, SECRET_FILE),
                    List.of(SECRET_ACCEPTED, SECRET_ACCEPTED_FILE))) {
                if (values.isSet(pair.get(0)) && values.isSet(pair.get(1))) {
                    throw new ConfigurationException(pair.get(1).name(), "set only one of " + pair.get(0).name()
                            + " and " + pair.get(1).name());
                }
            }
            JwtSettings.checkTogether(values);
            if (values.get(JwtSettings.TOKEN_HEADER).equals("Cookie") && values.get(ORIGINS).isEmpty()) {
                throw new ConfigurationException(ORIGINS.name(), "must list the allowed origins when mp.jwt.token.header"
                        + " is Cookie: a browser sends the cookie with a WebSocket that any site opens to this server,"
                        + " so without the list any page could connect as its visitor");
            }
            return new GatehouseConfig(values.build(), source);
        }
    }
}
