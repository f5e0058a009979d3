package dev.gatehouse.redis.internal;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code gatehouse.cluster.redis.*} settings, checked at startup: where Redis is
 * ({@link RedisAddress}), the credentials of its data nodes and of its sentinels
 * ({@link Credentials}), TLS ({@link TlsSettings}), names and timeouts. Passwords are kept as
 * characters for Lettuce and appear in no message, no exception and no {@link #toString()}.
 * Immutable.
 */
public final class RedisSettings {
    /** Where Redis is: {@code redis://}, {@code rediss://}, {@code redis-sentinel://…#master} or {@code redis-cluster://}. */
    public static final String URI = "gatehouse.cluster.redis.uri";
    /** The data nodes' user name (besides the URI). */
    public static final String USERNAME = "gatehouse.cluster.redis.username";
    /** The data nodes' password (besides the URI). */
    public static final String PASSWORD = "gatehouse.cluster.redis.password";
    /** A file holding the data nodes' password, read at startup. */
    public static final String PASSWORD_FILE = "gatehouse.cluster.redis.password-file";
    /** The sentinels' user name. */
    public static final String SENTINEL_USERNAME = "gatehouse.cluster.redis.sentinel.username";
    /** The sentinels' password. */
    public static final String SENTINEL_PASSWORD = "gatehouse.cluster.redis.sentinel.password";
    /** A file holding the sentinels' password, read at startup. */
    public static final String SENTINEL_PASSWORD_FILE = "gatehouse.cluster.redis.sentinel.password-file";
    /** CA certificates (PEM) or a trust store (PKCS#12, JKS) for TLS. */
    public static final String TLS_TRUST_STORE = TlsSettings.TRUST_STORE;
    /** The trust store's password. */
    public static final String TLS_TRUST_STORE_PASSWORD = TlsSettings.TRUST_STORE_PASSWORD;
    /** This node's certificate and key for mutual TLS: a key store (PKCS#12, JKS) or PEM. */
    public static final String TLS_KEY_STORE = TlsSettings.KEY_STORE;
    /** The key store's password. */
    public static final String TLS_KEY_STORE_PASSWORD = TlsSettings.KEY_STORE_PASSWORD;
    /** How much of the server's certificate is checked: {@code full}, {@code ca}, {@code none}. */
    public static final String TLS_VERIFY_PEER = TlsSettings.VERIFY_PEER;
    /** The first part of every channel and key name. */
    public static final String CHANNEL_PREFIX = "gatehouse.cluster.redis.channel-prefix";
    /** 0 for classic pub/sub, N for sharded pub/sub over N hash-tagged partitions. */
    public static final String SHARDED_PARTITIONS = "gatehouse.cluster.redis.sharded-partitions";
    /** Connect and command timeout. */
    public static final String TIMEOUT = "gatehouse.cluster.redis.timeout";

    static final String DEFAULT_PREFIX = "gatehouse";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    static final int MAX_PARTITIONS = 1024;
    /** Sharded partitions in a Redis Cluster unless set: enough to reach every shard of a usual cluster. */
    static final int DEFAULT_CLUSTER_PARTITIONS = 16;
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final String CLIENT_NAME = "gatehouse";

    private final RedisAddress address;
    private final Credentials credentials;
    private final Credentials sentinelCredentials;
    private final TlsSettings tls;
    private final String prefix;
    private final int partitions;
    private final Duration timeout;

    private RedisSettings(RedisAddress address, Credentials credentials, Credentials sentinelCredentials,
            TlsSettings tls, String prefix, int partitions, Duration timeout) {
        this.address = address;
        this.credentials = credentials;
        this.sentinelCredentials = sentinelCredentials;
        this.tls = tls;
        this.prefix = prefix;
        this.partitions = partitions;
        this.timeout = timeout;
    }

    /**
     * The settings, or empty when {@code gatehouse.cluster.redis.uri} is not set.
     *
     * @param config where the settings come from
     * @return the settings
     * @throws ConfigurationException naming the property at fault, never showing a password
     */
    public static Optional<RedisSettings> from(ConfigSource config) {
        Optional<String> uri = config.get(URI).map(String::trim).filter(s -> !s.isEmpty());
        if (uri.isEmpty()) {
            return Optional.empty();
        }
        String prefix = config.get(CHANNEL_PREFIX).map(String::trim).orElse(DEFAULT_PREFIX);
        if (!PREFIX.matcher(prefix).matches()) {
            throw new ConfigurationException(CHANNEL_PREFIX, "expected 1–64 of [A-Za-z0-9_.:-], got '" + prefix + "'");
        }
        Duration timeout = config.duration(TIMEOUT).map(RedisSettings::withinLimits).orElse(DEFAULT_TIMEOUT);
        RedisAddress address = RedisAddress.parse(uri.get());
        Optional<Integer> configured = config.get(SHARDED_PARTITIONS).map(String::trim).filter(s -> !s.isEmpty())
                .map(RedisSettings::partitions);
        int partitions;
        if (address.kind() == RedisAddress.Kind.CLUSTER) {
            if (configured.orElse(DEFAULT_CLUSTER_PARTITIONS) == 0) {
                throw new ConfigurationException(SHARDED_PARTITIONS, "a Redis Cluster (" + URI + " is redis-cluster://)"
                        + " takes sharded pub/sub, 1 to " + MAX_PARTITIONS + " partitions (" + DEFAULT_CLUSTER_PARTITIONS
                        + " unless set): classic PUBLISH would copy every message to every node of the cluster");
            }
            partitions = configured.orElse(DEFAULT_CLUSTER_PARTITIONS);
        } else {
            partitions = configured.orElse(0);
        }
        Credentials credentials = Credentials.from(config, USERNAME, PASSWORD, PASSWORD_FILE, address.user(),
                address.password());
        Credentials sentinel = Credentials.none();
        if (address.kind() == RedisAddress.Kind.SENTINEL) {
            sentinel = Credentials.from(config, SENTINEL_USERNAME, SENTINEL_PASSWORD, SENTINEL_PASSWORD_FILE, null, null);
        } else {
            for (String p : List.of(SENTINEL_USERNAME, SENTINEL_PASSWORD, SENTINEL_PASSWORD_FILE)) {
                if (config.get(p).filter(s -> !s.isBlank()).isPresent()) {
                    throw new ConfigurationException(p, "is for sentinels, and " + URI + " is no redis-sentinel:// URI");
                }
            }
        }
        TlsSettings tls = TlsSettings.from(config, address.tls(), timeout);
        return Optional.of(new RedisSettings(address, credentials, sentinel, tls, prefix, partitions, timeout));
    }

    private static int partitions(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 0 && n <= MAX_PARTITIONS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ConfigurationException(SHARDED_PARTITIONS, "expected 0 (classic pub/sub) to " + MAX_PARTITIONS
                + " (sharded pub/sub partitions), got '" + text + "'");
    }

    /** A timeout: above 0, at most 10 minutes. */
    private static Duration withinLimits(Duration d) {
        if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new ConfigurationException(TIMEOUT, "expected a duration above 0 and at most 10m, got " + d);
        }
        return d;
    }

    /**
     * {@return the Lettuce URI of a server or of a Sentinel-monitored master: credentials, TLS,
     * database and timeout included}
     */
    public RedisURI redisUri() {
        RedisAddress.Node first = address.nodes().get(0);
        RedisURI.Builder b = address.kind() == RedisAddress.Kind.SENTINEL
                ? RedisURI.builder().withSentinelMasterId(address.master())
                : RedisURI.builder().withHost(first.host()).withPort(first.port());
        if (address.kind() == RedisAddress.Kind.SENTINEL) {
            for (RedisAddress.Node s : address.nodes()) {
                b.withSentinel(node(s, sentinelCredentials).build());
            }
        }
        b.withDatabase(address.database()).withClientName(CLIENT_NAME);
        return credentials.applyTo(secure(b)).build();
    }

    /** {@return the Lettuce URIs of a Redis Cluster's seed nodes, credentials, TLS and timeout included} */
    List<RedisURI> seedUris() {
        return address.nodes().stream().map(n -> node(n, credentials).withClientName(CLIENT_NAME).build()).toList();
    }

    private RedisURI.Builder node(RedisAddress.Node n, Credentials who) {
        return who.applyTo(secure(RedisURI.builder().withHost(n.host()).withPort(n.port())));
    }

    private RedisURI.Builder secure(RedisURI.Builder b) {
        b.withTimeout(timeout).withSsl(address.tls());
        if (tls != null) {
            b.withVerifyPeer(tls.verify());
        }
        return b;
    }

    /** {@return Lettuce's TLS options (trust, key, handshake time), or null without TLS} */
    SslOptions sslOptions() {
        return tls == null ? null : tls.options();
    }

    /** {@return how Redis is reached: one server, through Sentinel, or as a Redis Cluster} */
    RedisAddress.Kind kind() {
        return address.kind();
    }

    /** {@return whether the connection uses TLS} */
    public boolean tls() {
        return address.tls();
    }

    /** {@return whether this node presents a certificate of its own (mutual TLS)} */
    public boolean clientCertificate() {
        return tls != null && tls.clientCertificate();
    }

    /** {@return the host of the server (the first sentinel, the first seed)} */
    public String host() {
        return address.nodes().get(0).host();
    }

    /** {@return the port of the server (the first sentinel, the first seed)} */
    public int port() {
        return address.nodes().get(0).port();
    }

    /** {@return the database number} */
    public int database() {
        return address.database();
    }

    /** {@return the data nodes' user name, or null for the default user} */
    public String user() {
        return credentials.user();
    }

    /** {@return whether the data nodes get a password (never the password)} */
    public boolean hasPassword() {
        return credentials.present();
    }

    /** {@return the property the data nodes' password came from, else the URI's} */
    String credentialsProperty() {
        return credentials.present() ? credentials.property() : URI;
    }

    /** {@return the property the sentinels' password came from, else the sentinel user's} */
    String sentinelCredentialsProperty() {
        return sentinelCredentials.present() ? sentinelCredentials.property() : SENTINEL_PASSWORD;
    }

    /** {@return the channel and key prefix} */
    public String prefix() {
        return prefix;
    }

    /** {@return 0 for classic pub/sub, else the number of sharded partitions} */
    public int partitions() {
        return partitions;
    }

    /** {@return the connect and command timeout} */
    public Duration timeout() {
        return timeout;
    }

    /** {@return where Redis is, for messages: scheme, hosts, database and master, never the credentials} */
    public String where() {
        return address.where();
    }

    /** {@return the topology for health and the startup log, e.g. {@code sentinel master "m" via 3 sentinels}} */
    public String topology() {
        return address.topology();
    }

    @Override
    public String toString() {
        return where() + (credentials.present() ? " (with a password)" : "");
    }
}
