package dev.gatehouse.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import dev.gatehouse.hazelcast.internal.GridBackplane;
import dev.gatehouse.hazelcast.internal.HazelcastSettings;
import dev.gatehouse.spi.Backplane;
import dev.gatehouse.spi.BackplaneProvider;
import java.util.Objects;

/**
 * The Hazelcast backplane for code that builds Gatehouse itself rather than through
 * {@link HazelcastBackplaneProvider}, on the application's own instance:
 *
 * <pre>{@code
 * HazelcastInstance hz = ...;   // the application's member or client
 * Backplane grid = HazelcastBackplane.create(hz, new BackplaneProvider.Node("node-1", Duration.ofSeconds(10)));
 * Gatehouse.builder(ConfigSource.system()).config(c -> c.nodeId("node-1"))
 *         .backplane(grid).build();
 * }</pre>
 *
 * Give it the node id Gatehouse runs with ({@code gatehouse.cluster.node-id}), so that presence
 * names the same node. Gatehouse never shuts down an instance it was given. Not instantiable.
 */
public final class HazelcastBackplane {

    private HazelcastBackplane() {
    }

    /**
     * A backplane on the application's instance, with the default settings (prefix
     * {@code gatehouse}, 32 topic shards, 2 s timeout, a stream's history kept a day after its
     * last use).
     *
     * @param instance a running member or client; never shut down by Gatehouse
     * @param node this node: its id and the TTL of its presence
     * @return the backplane; Gatehouse starts and closes it
     */
    public static Backplane create(HazelcastInstance instance, BackplaneProvider.Node node) {
        return create(instance, ConfigSource.of(java.util.Map.of()), node);
    }

    /**
     * A backplane on the application's instance, with the {@code gatehouse.cluster.hazelcast.*}
     * settings ({@code instance} and {@code config} are not read).
     *
     * @param instance a running member or client; never shut down by Gatehouse
     * @param config the settings
     * @param node this node: its id and the TTL of its presence
     * @return the backplane; Gatehouse starts and closes it
     * @throws ConfigurationException when a setting is wrong
     */
    public static Backplane create(HazelcastInstance instance, ConfigSource config, BackplaneProvider.Node node) {
        Objects.requireNonNull(instance, "instance");
        if (!instance.getLifecycleService().isRunning()) {
            throw new IllegalArgumentException("the HazelcastInstance is not running");
        }
        return GridBackplane.open(instance, false, "", HazelcastSettings.given(config), node);
    }
}
