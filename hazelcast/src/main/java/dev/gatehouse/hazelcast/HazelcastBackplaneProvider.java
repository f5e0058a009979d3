package dev.gatehouse.hazelcast;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import dev.gatehouse.hazelcast.internal.Backplanes;
import dev.gatehouse.spi.Backplane;
import dev.gatehouse.spi.BackplaneProvider;
import java.util.Optional;

/**
 * Makes the Hazelcast backplane when {@code gatehouse.cluster.hazelcast.instance} is set:
 * {@code payara} (Payara's own instance, JNDI {@code payara/Hazelcast}), {@code jndi} (the name in
 * {@code gatehouse.cluster.hazelcast.jndi}), {@code cdi} (the application's
 * {@code HazelcastInstance} bean), or {@code member} / {@code client} (an instance Gatehouse starts
 * from the file in {@code gatehouse.cluster.hazelcast.config}, and shuts down). Registered for
 * {@link java.util.ServiceLoader}. Without the setting it answers nothing, so adding the artifact
 * never starts or joins a cluster by itself. Stateless and thread-safe.
 */
public final class HazelcastBackplaneProvider implements BackplaneProvider {

    /** For {@link java.util.ServiceLoader}. */
    public HazelcastBackplaneProvider() {
    }

    /**
     * The Hazelcast backplane, if {@code gatehouse.cluster.hazelcast.instance} is set.
     *
     * @param config the configuration source Gatehouse was configured from
     * @param node this node
     * @return the backplane, or empty when the setting is absent
     * @throws ConfigurationException when a setting is wrong or the instance it names is not there
     */
    @Override
    public Optional<Backplane> create(ConfigSource config, Node node) {
        return Backplanes.fromSettings(config, node);
    }
}
