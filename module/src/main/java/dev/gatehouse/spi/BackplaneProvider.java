package dev.gatehouse.spi;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import java.time.Duration;
import java.util.Optional;

/**
 * Makes a {@link Backplane} from configuration, found with {@link java.util.ServiceLoader} when the
 * application gives none in code (a WAR's libraries included): the {@code gatehouse-redis}
 * artifact registers one that answers when {@code gatehouse.cluster.redis.uri} is set. The first
 * provider that answers wins; with none, the node runs alone.
 */
public interface BackplaneProvider {

    /**
     * A backplane for this node, if this provider's configuration is present.
     *
     * @param config the configuration source Gatehouse was configured from
     * @param node this node
     * @return the backplane, or empty when this provider is not configured
     * @throws ConfigurationException when its configuration is present but wrong
     */
    Optional<Backplane> create(ConfigSource config, Node node);

    /**
     * The node a backplane serves.
     *
     * @param id the node id, {@code gatehouse.cluster.node-id}
     * @param ttl how long the other nodes keep this node's presence without a refresh,
     *     {@code gatehouse.cluster.node-ttl}
     */
    record Node(String id, Duration ttl) {
    }
}
