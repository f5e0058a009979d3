package dev.gatehouse.redis;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import dev.gatehouse.redis.internal.LettuceBackplane;
import dev.gatehouse.redis.internal.RedisSettings;
import dev.gatehouse.spi.Backplane;
import dev.gatehouse.spi.BackplaneProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The Redis backplane for code that builds Gatehouse itself rather than through
 * {@link RedisBackplaneProvider}:
 *
 * <pre>{@code
 * Backplane redis = RedisBackplane.builder()
 *         .uri("rediss://redis.internal:6380").username("gatehouse")
 *         .passwordFile(Path.of("/run/secrets/redis")).timeout(Duration.ofSeconds(2))
 *         .build(new BackplaneProvider.Node("node-1", Duration.ofSeconds(10)));
 * Gatehouse.builder(ConfigSource.system()).config(c -> c.nodeId("node-1"))
 *         .backplane(redis).build();
 * }</pre>
 *
 * Give it the node id Gatehouse runs with ({@code gatehouse.cluster.node-id}), so that presence
 * names the same node. Not instantiable.
 */
public final class RedisBackplane {

    private RedisBackplane() {
    }

    /**
     * A Redis backplane from the {@code gatehouse.cluster.redis.*} settings. It connects once
     * within {@code gatehouse.cluster.redis.timeout}; an unreachable Redis is no error (it keeps
     * connecting in the background and reports not connected meanwhile).
     *
     * @param config the settings; {@code gatehouse.cluster.redis.uri} is required
     * @param node this node: its id and the TTL of its presence
     * @return the backplane; Gatehouse starts and closes it
     * @throws ConfigurationException when the URI is missing or a setting is wrong, or Redis refuses
     *     the credentials; the message names the property and never shows the password
     */
    public static Backplane create(ConfigSource config, BackplaneProvider.Node node) {
        RedisSettings settings = RedisSettings.from(config).orElseThrow(() -> new ConfigurationException(
                RedisSettings.URI, "required: redis://[user:password@]host:port[/db] or rediss://…"));
        return LettuceBackplane.open(settings, node);
    }

    /** {@return a builder of a Redis backplane, every setting typed} */
    public static Builder builder() {
        return new Builder(name -> java.util.Optional.empty());
    }

    /**
     * A builder of a Redis backplane whose settings come from {@code config}, except those given to
     * a setter (the setter wins).
     *
     * @param config the {@code gatehouse.cluster.redis.*} settings not given in code
     * @return the builder
     */
    public static Builder builder(ConfigSource config) {
        return new Builder(Objects.requireNonNull(config, "config"));
    }

    /**
     * Builds a Redis backplane: each setter sets the property it is named after, and
     * {@link #build} reads them as {@link #create(ConfigSource, BackplaneProvider.Node)} reads
     * properties, so a setting is checked in one place and a bad value fails there with a
     * {@link ConfigurationException} naming the property. Passwords are held as properties until
     * {@link #build} and never shown by {@link #toString()}. Not thread-safe; a builder per backplane.
     */
    public static final class Builder {
        private static final Set<String> SECRETS = Set.of(RedisSettings.PASSWORD, RedisSettings.SENTINEL_PASSWORD,
                RedisSettings.TLS_TRUST_STORE_PASSWORD, RedisSettings.TLS_KEY_STORE_PASSWORD);

        private final ConfigSource base;
        private final Map<String, String> values = new TreeMap<>();

        private Builder(ConfigSource base) {
            this.base = base;
        }

        private Builder set(String property, Object value) {
            values.put(property, Objects.requireNonNull(value, property).toString());
            return this;
        }

        private Builder secret(String property, char[] value) {
            return set(property, new String(Objects.requireNonNull(value, property)));
        }

        /**
         * Where Redis is ({@code gatehouse.cluster.redis.uri}, required): {@code redis://},
         * {@code rediss://}, {@code redis-sentinel://…#master} or {@code redis-cluster://}.
         *
         * @param uri the URI
         * @return this builder
         */
        public Builder uri(String uri) {
            return set(RedisSettings.URI, uri);
        }

        /**
         * The data nodes' user name besides the URI ({@code gatehouse.cluster.redis.username}).
         *
         * @param username the ACL user
         * @return this builder
         */
        public Builder username(String username) {
            return set(RedisSettings.USERNAME, username);
        }

        /**
         * The data nodes' password besides the URI ({@code gatehouse.cluster.redis.password}); not
         * with {@link #passwordFile}.
         *
         * @param password the password (copied)
         * @return this builder
         */
        public Builder password(char[] password) {
            return secret(RedisSettings.PASSWORD, password);
        }

        /**
         * A file holding the data nodes' password, read by {@link #build}
         * ({@code gatehouse.cluster.redis.password-file}).
         *
         * @param file the file
         * @return this builder
         */
        public Builder passwordFile(Path file) {
            return set(RedisSettings.PASSWORD_FILE, file);
        }

        /**
         * The sentinels' user name ({@code gatehouse.cluster.redis.sentinel.username}); only with a
         * {@code redis-sentinel://} URI.
         *
         * @param username the sentinels' user
         * @return this builder
         */
        public Builder sentinelUsername(String username) {
            return set(RedisSettings.SENTINEL_USERNAME, username);
        }

        /**
         * The sentinels' password ({@code gatehouse.cluster.redis.sentinel.password}).
         *
         * @param password the password (copied)
         * @return this builder
         */
        public Builder sentinelPassword(char[] password) {
            return secret(RedisSettings.SENTINEL_PASSWORD, password);
        }

        /**
         * A file holding the sentinels' password
         * ({@code gatehouse.cluster.redis.sentinel.password-file}).
         *
         * @param file the file
         * @return this builder
         */
        public Builder sentinelPasswordFile(Path file) {
            return set(RedisSettings.SENTINEL_PASSWORD_FILE, file);
        }

        /**
         * CA certificates (PEM) or a trust store (PKCS#12, JKS) for TLS
         * ({@code gatehouse.cluster.redis.tls.trust-store}); the JDK's trust by default.
         *
         * @param file the file
         * @return this builder
         */
        public Builder tlsTrustStore(Path file) {
            return set(RedisSettings.TLS_TRUST_STORE, file);
        }

        /**
         * The trust store's password ({@code gatehouse.cluster.redis.tls.trust-store-password}).
         *
         * @param password the password (copied)
         * @return this builder
         */
        public Builder tlsTrustStorePassword(char[] password) {
            return secret(RedisSettings.TLS_TRUST_STORE_PASSWORD, password);
        }

        /**
         * This node's certificate and key for mutual TLS: a key store (PKCS#12, JKS) or PEM
         * ({@code gatehouse.cluster.redis.tls.key-store}).
         *
         * @param file the file
         * @return this builder
         */
        public Builder tlsKeyStore(Path file) {
            return set(RedisSettings.TLS_KEY_STORE, file);
        }

        /**
         * The key store's password ({@code gatehouse.cluster.redis.tls.key-store-password}).
         *
         * @param password the password (copied)
         * @return this builder
         */
        public Builder tlsKeyStorePassword(char[] password) {
            return secret(RedisSettings.TLS_KEY_STORE_PASSWORD, password);
        }

        /**
         * How much of the server's certificate is checked
         * ({@code gatehouse.cluster.redis.tls.verify-peer}): {@code full} (chain and host name, the
         * default), {@code ca} (chain only) or {@code none}.
         *
         * @param mode {@code full}, {@code ca} or {@code none}
         * @return this builder
         */
        public Builder tlsVerifyPeer(String mode) {
            return set(RedisSettings.TLS_VERIFY_PEER, mode);
        }

        /**
         * The first part of every channel and key name ({@code gatehouse.cluster.redis.channel-prefix},
         * {@code gatehouse} by default): 1–64 of {@code [A-Za-z0-9_.:-]}.
         *
         * @param prefix the prefix
         * @return this builder
         */
        public Builder channelPrefix(String prefix) {
            return set(RedisSettings.CHANNEL_PREFIX, prefix);
        }

        /**
         * 0 for classic pub/sub, N (up to 1024) for sharded pub/sub over N partitions
         * ({@code gatehouse.cluster.redis.sharded-partitions}; 0 by default, 16 on a Redis Cluster).
         *
         * @param partitions the number of partitions
         * @return this builder
         */
        public Builder shardedPartitions(int partitions) {
            return set(RedisSettings.SHARDED_PARTITIONS, partitions);
        }

        /**
         * The connect and command timeout ({@code gatehouse.cluster.redis.timeout}, 2 s by
         * default): above 0, at most 10 minutes.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            return set(RedisSettings.TIMEOUT, timeout);
        }

        /**
         * The backplane, as {@link RedisBackplane#create(ConfigSource, BackplaneProvider.Node)}
         * makes it from these settings.
         *
         * @param node this node: its id and the TTL of its presence
         * @return the backplane; Gatehouse starts and closes it
         * @throws ConfigurationException when the URI is missing or a setting is wrong, or Redis
         *     refuses the credentials; the message names the property and never shows the password
         */
        public Backplane build(BackplaneProvider.Node node) {
            return create(ConfigSource.of(values).withFallback(base), Objects.requireNonNull(node, "node"));
        }

        /** {@return the properties set in code, passwords shown as {@code ***}} */
        @Override
        public String toString() {
            StringJoiner s = new StringJoiner(", ", "RedisBackplane.Builder{", "}");
            values.forEach((k, v) -> s.add(k + "=" + (SECRETS.contains(k) ? "***"
                    : k.equals(RedisSettings.URI) ? where(v) : v)));
            return s.toString();
        }

        /** The URI without its user information, which may hold a password. */
        private static String where(String uri) {
            return uri.replaceFirst("//.*@", "//***@");
        }
    }
}
