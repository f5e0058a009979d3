package dev.gatehouse.redis;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import dev.gatehouse.redis.internal.LettuceBackplane;
import dev.gatehouse.redis.internal.RedisSettings;
import dev.gatehouse.spi.Backplane;
import dev.gatehouse.spi.BackplaneProvider;
import java.util.Optional;

/**
 * Makes the Redis backplane when {@code gatehouse.cluster.redis.uri} is set; registered for
 * {@link java.util.ServiceLoader}, so adding the {@code gatehouse-redis} artifact and setting the
 * URI is all a node needs. Stateless and thread-safe; {@link #create} connects once within
 * {@code gatehouse.cluster.redis.timeout} and never throws for an unreachable Redis.
 */
public final class RedisBackplaneProvider implements BackplaneProvider {

    /** For {@link java.util.ServiceLoader}. */
    public RedisBackplaneProvider() {
    }

    /**
     * The Redis backplane, if {@code gatehouse.cluster.redis.uri} is set.
     *
     * @param config the configuration source Gatehouse was configured from
     * @param node this node
     * @return the backplane, or empty when the URI is not set
     * @throws ConfigurationException when a setting is wrong or Redis refuses the credentials; the
     *     message names the property and never shows the password
     */
    @Override
    public Optional<Backplane> create(ConfigSource config, Node node) {
        return RedisSettings.from(config).map(settings -> LettuceBackplane.open(settings, node));
    }
}
