package dev.gatehouse.redis;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import dev.gatehouse.redis.internal.LettuceBackplane;
import dev.gatehouse.redis.internal.RedisSettings;
import dev.gatehouse.spi.Backplane;
import dev.gatehouse.spi.BackplaneProvider;

/**
 * The Redis backplane for code that builds Gatehouse itself rather than through
 * {@link RedisBackplaneProvider}:
 *
 * <pre>{@code
 * Backplane redis = RedisBackplane.create(ConfigSource.system(),
 *         new BackplaneProvider.Node("node-1", Duration.ofSeconds(10)));
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
}
