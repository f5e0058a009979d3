package dev.gatehouse;

import dev.gatehouse.internal.config.PropertyReader;
import dev.gatehouse.internal.handshake.TokenExtractor;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Immutable Gatehouse configuration. Build it from properties with {@link #from(ConfigSource)} or in
 * code with {@link #builder()}; every property is listed in the README's configuration table.
 * {@link Builder#build()} checks the whole configuration and throws a {@link ConfigurationException}
 * naming the property at fault, so a misconfiguration fails at startup.
 */
public final class GatehouseConfig {

    /** How a refused handshake is answered. */
    public enum HandshakeMode {
        /** Refuse the upgrade with an HTTP status and a JSON body (the default). */
        STATUS,
        /** Accept the upgrade, send one {@code error_message}, close with 1008 and the code as reason. */
        DIAGNOSTIC
    }

    private final String host;
    private final int port;
    private final String path;
    private final JwtSettings jwt;
    private final List<String> subprotocols;
    private final Set<String> origins;
    private final Set<String> requiredGroups;
    private final boolean queryParamToken;
    private final int rejectStatus;
    private final HandshakeMode handshakeMode;
    private final Duration readyTimeout;
    private final int readyQueueLimit;
    private final Duration heartbeatInterval;
    private final Duration heartbeatTimeout;
    private final Duration idleTimeout;
    private final Duration expiryWarning;
    private final int maxMessageSize;
    private final Duration handlerTimeout;
    private final int handlerQueueLimit;
    private final int handlerThreads;
    private final int rateLimit;
    private final Duration handshakeTimeout;
    private final int maxConnections;
    private final int maxConnectionsPerUser;
    private final int jsonMaxDepth;
    private final int jsonMaxNumberLength;

    private GatehouseConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.path = b.path;
        this.jwt = b.jwt;
        this.subprotocols = List.copyOf(b.subprotocols);
        this.origins = Set.copyOf(b.origins);
        this.requiredGroups = Set.copyOf(b.requiredGroups);
        this.queryParamToken = b.queryParamToken;
        this.rejectStatus = b.rejectStatus;
        this.handshakeMode = b.handshakeMode;
        this.readyTimeout = b.readyTimeout;
        this.readyQueueLimit = b.readyQueueLimit;
        this.heartbeatInterval = b.heartbeatInterval;
        this.heartbeatTimeout = b.heartbeatTimeout;
        this.idleTimeout = b.idleTimeout;
        this.expiryWarning = b.expiryWarning;
        this.maxMessageSize = b.maxMessageSize;
        this.handlerTimeout = b.handlerTimeout;
        this.handlerQueueLimit = b.handlerQueueLimit;
        this.handlerThreads = b.handlerThreads;
        this.rateLimit = b.rateLimit;
        this.handshakeTimeout = b.handshakeTimeout;
        this.maxConnections = b.maxConnections;
        this.maxConnectionsPerUser = b.maxConnectionsPerUser;
        this.jsonMaxDepth = b.jsonMaxDepth;
        this.jsonMaxNumberLength = b.jsonMaxNumberLength;
    }

    /** A builder with every default set and no key configured. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder filled from the given properties. Call {@link Builder#build()} to validate.
     *
     * @param source where the properties come from, for example {@link ConfigSource#system()}
     * @return the builder
     * @throws ConfigurationException when a value does not parse
     */
    public static Builder from(ConfigSource source) {
        PropertyReader r = new PropertyReader(source);
        Builder b = new Builder();
        r.string("gatehouse.host").ifPresent(b::host);
        r.integer("gatehouse.port").ifPresent(b::port);
        r.string("gatehouse.path").ifPresent(b::path);
        b.jwt(JwtSettings.from(r));
        r.list("gatehouse.subprotocols").ifPresent(b::subprotocols);
        r.list("gatehouse.origins").ifPresent(v -> b.origins(Set.copyOf(v)));
        r.list("gatehouse.auth.required-groups").ifPresent(v -> b.requiredGroups(Set.copyOf(v)));
        r.bool("gatehouse.auth.query-param").ifPresent(b::queryParamToken);
        r.integer("gatehouse.handshake.reject-status").ifPresent(b::rejectStatus);
        r.string("gatehouse.handshake.mode").ifPresent(v -> b.handshakeMode(parseMode(v)));
        r.duration("gatehouse.ready.timeout").ifPresent(b::readyTimeout);
        r.integer("gatehouse.ready.queue-limit").ifPresent(b::readyQueueLimit);
        r.duration("gatehouse.heartbeat.interval").ifPresent(b::heartbeatInterval);
        r.duration("gatehouse.heartbeat.timeout").ifPresent(b::heartbeatTimeout);
        r.duration("gatehouse.idle-timeout").ifPresent(b::idleTimeout);
        r.duration("gatehouse.session.expiry-warning").ifPresent(b::expiryWarning);
        r.integer("gatehouse.max-message-size").ifPresent(b::maxMessageSize);
        r.duration("gatehouse.handler.timeout").ifPresent(b::handlerTimeout);
        r.integer("gatehouse.handler.queue-limit").ifPresent(b::handlerQueueLimit);
        r.integer("gatehouse.handler.threads").ifPresent(b::handlerThreads);
        r.integer("gatehouse.rate-limit").ifPresent(b::rateLimit);
        r.duration("gatehouse.handshake.timeout").ifPresent(b::handshakeTimeout);
        r.integer("gatehouse.max-connections").ifPresent(b::maxConnections);
        r.integer("gatehouse.max-connections-per-user").ifPresent(b::maxConnectionsPerUser);
        r.integer("gatehouse.json.max-depth").ifPresent(b::jsonMaxDepth);
        r.integer("gatehouse.json.max-number-length").ifPresent(b::jsonMaxNumberLength);
        return b;
    }

    private static HandshakeMode parseMode(String value) {
        for (HandshakeMode mode : HandshakeMode.values()) {
            if (mode.name().equalsIgnoreCase(value)) {
                return mode;
            }
        }
        throw new ConfigurationException("gatehouse.handshake.mode", "expected status or diagnostic, got '" + value + "'");
    }

    /** A builder holding this configuration, to change a few values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Interface the standalone server binds to ({@code gatehouse.host}, default 127.0.0.1). */
    public String host() {
        return host;
    }

    /** Port of the standalone server ({@code gatehouse.port}, default 8025; 0 picks a free one). */
    public int port() {
        return port;
    }

    /** Endpoint path ({@code gatehouse.path}, default {@code /ws}). */
    public String path() {
        return path;
    }

    /** Token verification settings ({@code mp.jwt.*}, {@code gatehouse.jwt.*}). */
    public JwtSettings jwt() {
        return jwt;
    }

    /** Plain application subprotocols the server selects from ({@code gatehouse.subprotocols}). */
    public List<String> subprotocols() {
        return subprotocols;
    }

    /** Allowed {@code Origin} values; empty allows any ({@code gatehouse.origins}). */
    public Set<String> origins() {
        return origins;
    }

    /** Groups a token must all have in its {@code groups} claim ({@code gatehouse.auth.required-groups}). */
    public Set<String> requiredGroups() {
        return requiredGroups;
    }

    /** Whether the {@code access_token} query parameter is read ({@code gatehouse.auth.query-param}). */
    public boolean queryParamToken() {
        return queryParamToken;
    }

    /** HTTP status for refused tokens ({@code gatehouse.handshake.reject-status}, default 401). */
    public int rejectStatus() {
        return rejectStatus;
    }

    /** How refusals are answered ({@code gatehouse.handshake.mode}). */
    public HandshakeMode handshakeMode() {
        return handshakeMode;
    }

    /** Bound on readiness checks and per-connection setup ({@code gatehouse.ready.timeout}, default 5s). */
    public Duration readyTimeout() {
        return readyTimeout;
    }

    /** Frames kept before the welcome ({@code gatehouse.ready.queue-limit}, default 64). */
    public int readyQueueLimit() {
        return readyQueueLimit;
    }

    /** Interval between server pings ({@code gatehouse.heartbeat.interval}, default 25s; 0 disables). */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** How long a ping may stay unanswered ({@code gatehouse.heartbeat.timeout}, default 10s). */
    public Duration heartbeatTimeout() {
        return heartbeatTimeout;
    }

    /** Close after this long without a frame from the client ({@code gatehouse.idle-timeout}, default 0 = never). */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** How long before {@code exp} the {@code session_expiring} event goes out ({@code gatehouse.session.expiry-warning}). */
    public Duration expiryWarning() {
        return expiryWarning;
    }

    /** Largest text frame in UTF-8 bytes ({@code gatehouse.max-message-size}, default 65536). */
    public int maxMessageSize() {
        return maxMessageSize;
    }

    /** Time limit of one handler call ({@code gatehouse.handler.timeout}, default 30s). */
    public Duration handlerTimeout() {
        return handlerTimeout;
    }

    /** Frames waiting for handlers per connection before {@code RATE_LIMITED} ({@code gatehouse.handler.queue-limit}). */
    public int handlerQueueLimit() {
        return handlerQueueLimit;
    }

    /** Worker threads that run handlers ({@code gatehouse.handler.threads}). */
    public int handlerThreads() {
        return handlerThreads;
    }

    /** Frames per second a client may send, 0 for no limit ({@code gatehouse.rate-limit}). */
    public int rateLimit() {
        return rateLimit;
    }

    /**
     * Time a standalone client has, from its TCP connect (or its previous HTTP request), to complete
     * an upgrade request ({@code gatehouse.handshake.timeout}, default 10s).
     */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /**
     * Most connections held at once ({@code gatehouse.max-connections}); on the standalone server
     * every open socket counts, handshakes in progress included. By default derived from the
     * process's open-file limit, leaving a reserve so that the server never runs out of descriptors.
     */
    public int maxConnections() {
        return maxConnections;
    }

    /** Most connections one user ({@code sub}) holds at once, 0 for no limit ({@code gatehouse.max-connections-per-user}, default 100). */
    public int maxConnectionsPerUser() {
        return maxConnectionsPerUser;
    }

    /** Deepest nesting of a client frame, the envelope being level 1 ({@code gatehouse.json.max-depth}, default 32). */
    public int jsonMaxDepth() {
        return jsonMaxDepth;
    }

    /** Longest number in a client frame, in characters ({@code gatehouse.json.max-number-length}, default 64). */
    public int jsonMaxNumberLength() {
        return jsonMaxNumberLength;
    }

    /**
     * The default {@code gatehouse.max-connections}: the open-file limit less a reserve of 2 %
     * (at least 256) for the JVM's own files (every jar on the class path is one) and for answering
     * refused handshakes.
     */
    static int defaultMaxConnections() {
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

    /** Builds a {@link GatehouseConfig}. Setters check their argument; {@link #build()} checks the whole. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8025;
        private String path = "/ws";
        private JwtSettings jwt = JwtSettings.builder().build();
        private List<String> subprotocols = List.of("gatehouse.v1", "jwt-auth", "bearer");
        private Set<String> origins = Set.of();
        private Set<String> requiredGroups = Set.of();
        private boolean queryParamToken;
        private int rejectStatus = 401;
        private HandshakeMode handshakeMode = HandshakeMode.STATUS;
        private Duration readyTimeout = Duration.ofSeconds(5);
        private int readyQueueLimit = 64;
        private Duration heartbeatInterval = Duration.ofSeconds(25);
        private Duration heartbeatTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ZERO;
        private Duration expiryWarning = Duration.ofSeconds(60);
        private int maxMessageSize = 65536;
        private Duration handlerTimeout = Duration.ofSeconds(30);
        private int handlerQueueLimit = 256;
        private int handlerThreads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        private int rateLimit;
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private int maxConnections = defaultMaxConnections();
        private int maxConnectionsPerUser = 100;
        private int jsonMaxDepth = 32;
        private int jsonMaxNumberLength = 64;

        private Builder() {
        }

        private Builder(GatehouseConfig c) {
            host = c.host;
            port = c.port;
            path = c.path;
            jwt = c.jwt;
            subprotocols = c.subprotocols;
            origins = c.origins;
            requiredGroups = c.requiredGroups;
            queryParamToken = c.queryParamToken;
            rejectStatus = c.rejectStatus;
            handshakeMode = c.handshakeMode;
            readyTimeout = c.readyTimeout;
            readyQueueLimit = c.readyQueueLimit;
            heartbeatInterval = c.heartbeatInterval;
            heartbeatTimeout = c.heartbeatTimeout;
            idleTimeout = c.idleTimeout;
            expiryWarning = c.expiryWarning;
            maxMessageSize = c.maxMessageSize;
            handlerTimeout = c.handlerTimeout;
            handlerQueueLimit = c.handlerQueueLimit;
            handlerThreads = c.handlerThreads;
            rateLimit = c.rateLimit;
            handshakeTimeout = c.handshakeTimeout;
            maxConnections = c.maxConnections;
            maxConnectionsPerUser = c.maxConnectionsPerUser;
            jsonMaxDepth = c.jsonMaxDepth;
            jsonMaxNumberLength = c.jsonMaxNumberLength;
        }

        /** See {@link GatehouseConfig#host()}. */
        public Builder host(String host) {
            this.host = requireText("gatehouse.host", host);
            return this;
        }

        /** See {@link GatehouseConfig#port()}. */
        public Builder port(int port) {
            this.port = check("gatehouse.port", port, 0, 65535);
            return this;
        }

        /** See {@link GatehouseConfig#path()}. */
        public Builder path(String path) {
            if (path == null || !path.startsWith("/")) {
                throw new ConfigurationException("gatehouse.path", "must start with '/'");
            }
            this.path = path;
            return this;
        }

        /** See {@link GatehouseConfig#jwt()}. */
        public Builder jwt(JwtSettings jwt) {
            this.jwt = Objects.requireNonNull(jwt, "jwt");
            return this;
        }

        /** See {@link GatehouseConfig#subprotocols()}. */
        public Builder subprotocols(List<String> subprotocols) {
            this.subprotocols = List.copyOf(subprotocols);
            return this;
        }

        /** See {@link GatehouseConfig#origins()}. */
        public Builder origins(Set<String> origins) {
            this.origins = Set.copyOf(origins);
            return this;
        }

        /** See {@link GatehouseConfig#requiredGroups()}. */
        public Builder requiredGroups(Set<String> requiredGroups) {
            this.requiredGroups = Set.copyOf(requiredGroups);
            return this;
        }

        /** See {@link GatehouseConfig#queryParamToken()}. */
        public Builder queryParamToken(boolean enabled) {
            this.queryParamToken = enabled;
            return this;
        }

        /** See {@link GatehouseConfig#rejectStatus()}; a 4xx status. */
        public Builder rejectStatus(int status) {
            this.rejectStatus = check("gatehouse.handshake.reject-status", status, 400, 499);
            return this;
        }

        /** See {@link GatehouseConfig#handshakeMode()}. */
        public Builder handshakeMode(HandshakeMode mode) {
            this.handshakeMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** See {@link GatehouseConfig#readyTimeout()}. */
        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = positive("gatehouse.ready.timeout", timeout);
            return this;
        }

        /** See {@link GatehouseConfig#readyQueueLimit()}. */
        public Builder readyQueueLimit(int limit) {
            this.readyQueueLimit = check("gatehouse.ready.queue-limit", limit, 1, 1 << 16);
            return this;
        }

        /** See {@link GatehouseConfig#heartbeatInterval()}. */
        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = notNegative("gatehouse.heartbeat.interval", interval);
            return this;
        }

        /** See {@link GatehouseConfig#heartbeatTimeout()}. */
        public Builder heartbeatTimeout(Duration timeout) {
            this.heartbeatTimeout = positive("gatehouse.heartbeat.timeout", timeout);
            return this;
        }

        /** See {@link GatehouseConfig#idleTimeout()}. */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = notNegative("gatehouse.idle-timeout", timeout);
            return this;
        }

        /** See {@link GatehouseConfig#expiryWarning()}. */
        public Builder expiryWarning(Duration warning) {
            this.expiryWarning = notNegative("gatehouse.session.expiry-warning", warning);
            return this;
        }

        /** See {@link GatehouseConfig#maxMessageSize()}. */
        public Builder maxMessageSize(int bytes) {
            this.maxMessageSize = check("gatehouse.max-message-size", bytes, 256, 64 << 20);
            return this;
        }

        /** See {@link GatehouseConfig#handlerTimeout()}. */
        public Builder handlerTimeout(Duration timeout) {
            this.handlerTimeout = positive("gatehouse.handler.timeout", timeout);
            return this;
        }

        /** See {@link GatehouseConfig#handlerQueueLimit()}. */
        public Builder handlerQueueLimit(int limit) {
            this.handlerQueueLimit = check("gatehouse.handler.queue-limit", limit, 1, 1 << 20);
            return this;
        }

        /** See {@link GatehouseConfig#handlerThreads()}. */
        public Builder handlerThreads(int threads) {
            this.handlerThreads = check("gatehouse.handler.threads", threads, 1, 4096);
            return this;
        }

        /** See {@link GatehouseConfig#rateLimit()}. */
        public Builder rateLimit(int framesPerSecond) {
            this.rateLimit = check("gatehouse.rate-limit", framesPerSecond, 0, 1_000_000);
            return this;
        }

        /** See {@link GatehouseConfig#handshakeTimeout()}. */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = positive("gatehouse.handshake.timeout", timeout);
            return this;
        }

        /** See {@link GatehouseConfig#maxConnections()}. */
        public Builder maxConnections(int connections) {
            this.maxConnections = check("gatehouse.max-connections", connections, 1, Integer.MAX_VALUE);
            return this;
        }

        /** See {@link GatehouseConfig#maxConnectionsPerUser()}. */
        public Builder maxConnectionsPerUser(int connections) {
            this.maxConnectionsPerUser = check("gatehouse.max-connections-per-user", connections, 0, Integer.MAX_VALUE);
            return this;
        }

        /** See {@link GatehouseConfig#jsonMaxDepth()}. */
        public Builder jsonMaxDepth(int levels) {
            this.jsonMaxDepth = check("gatehouse.json.max-depth", levels, 2, 500);
            return this;
        }

        /** See {@link GatehouseConfig#jsonMaxNumberLength()}. */
        public Builder jsonMaxNumberLength(int characters) {
            this.jsonMaxNumberLength = check("gatehouse.json.max-number-length", characters, 16, 1000);
            return this;
        }

        /**
         * Checks the whole configuration and builds it.
         *
         * @throws ConfigurationException naming the property at fault
         */
        public GatehouseConfig build() {
            if (subprotocols.isEmpty()) {
                throw new ConfigurationException("gatehouse.subprotocols", "needs at least one plain subprotocol");
            }
            for (String p : subprotocols) {
                if (TokenExtractor.isTokenBearing(p)) {
                    throw new ConfigurationException("gatehouse.subprotocols", "'" + p + "' looks like a token-bearing entry");
                }
            }
            if (!heartbeatInterval.isZero() && heartbeatTimeout.compareTo(heartbeatInterval) > 0) {
                throw new ConfigurationException("gatehouse.heartbeat.timeout", "must not exceed gatehouse.heartbeat.interval");
            }
            return new GatehouseConfig(this);
        }

        private static String requireText(String property, String value) {
            if (value == null || value.isBlank()) {
                throw new ConfigurationException(property, "must not be blank");
            }
            return value;
        }

        private static int check(String property, int value, int min, int max) {
            if (value < min || value > max) {
                throw new ConfigurationException(property, "must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        }

        private static Duration positive(String property, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new ConfigurationException(property, "must be a positive duration");
            }
            return value;
        }

        private static Duration notNegative(String property, Duration value) {
            if (value == null || value.isNegative()) {
                throw new ConfigurationException(property, "must not be negative");
            }
            return value;
        }
    }
}
