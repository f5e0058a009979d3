package dev.gatehouse.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import dev.gatehouse.hazelcast.internal.Backplanes;
import dev.gatehouse.hazelcast.internal.GridBackplane;
import dev.gatehouse.hazelcast.internal.HazelcastSettings;
import dev.gatehouse.spi.Backplane;
import dev.gatehouse.spi.BackplaneProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Hazelcast backplane for code that builds Gatehouse itself rather than through
 * {@link HazelcastBackplaneProvider}, on the application's own instance:
 *
 * <pre>{@code
 * HazelcastInstance hz = ...;   // the application's member or client
 * Backplane grid = HazelcastBackplane.builder().prefix("chat").timeout(Duration.ofSeconds(2))
 *         .build(hz, new BackplaneProvider.Node("node-1", Duration.ofSeconds(10)));
 * Gatehouse.builder(ConfigSource.system()).config(c -> c.nodeId("node-1"))
 *         .backplane(grid).build();
 * }</pre>
 *
 * or on an instance Gatehouse starts from a file (and shuts down):
 * {@code HazelcastBackplane.builder().instance("member")
 * .config(Path.of("/etc/gatehouse/hazelcast.yaml")).build(node)}.
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

    /** {@return a builder of a Hazelcast backplane, every setting typed} */
    public static Builder builder() {
        return new Builder(name -> Optional.empty());
    }

    /**
     * A builder of a Hazelcast backplane whose settings come from {@code config}, except those
     * given to a setter (the setter wins).
     *
     * @param config the {@code gatehouse.cluster.hazelcast.*} settings not given in code
     * @return the builder
     */
    public static Builder builder(ConfigSource config) {
        return new Builder(Objects.requireNonNull(config, "config"));
    }

    /**
     * Builds a Hazelcast backplane: each setter sets the property it is named after, and
     * {@code build} reads them as the provider reads properties, so a setting is checked in one
     * place and a bad value fails there with a {@link ConfigurationException} naming the property.
     * Not thread-safe; a builder per backplane.
     */
    public static final class Builder {
        /** What names the instance: not for {@link #build(HazelcastInstance, BackplaneProvider.Node)}. */
        private static final List<String> WHERE = List.of(HazelcastSettings.INSTANCE, HazelcastSettings.JNDI,
                HazelcastSettings.CONFIG);

        private final ConfigSource base;
        private final Map<String, String> values = new TreeMap<>();

        private Builder(ConfigSource base) {
            this.base = base;
        }

        private Builder set(String property, Object value) {
            values.put(property, Objects.requireNonNull(value, property).toString());
            return this;
        }

        /**
         * Where the instance comes from ({@code gatehouse.cluster.hazelcast.instance}), for
         * {@link #build(BackplaneProvider.Node)}: {@code payara}, {@code jndi}, {@code cdi},
         * {@code member} or {@code client}.
         *
         * @param source the instance's source
         * @return this builder
         */
        public Builder instance(String source) {
            return set(HazelcastSettings.INSTANCE, source);
        }

        /**
         * The JNDI name read with {@code instance("jndi")} ({@code gatehouse.cluster.hazelcast.jndi},
         * {@code payara/Hazelcast} by default).
         *
         * @param name the JNDI name
         * @return this builder
         */
        public Builder jndi(String name) {
            return set(HazelcastSettings.JNDI, name);
        }

        /**
         * The Hazelcast member or client configuration file (XML or YAML) for {@code instance("member")}
         * or {@code instance("client")} ({@code gatehouse.cluster.hazelcast.config}).
         *
         * @param file the file
         * @return this builder
         */
        public Builder config(Path file) {
            return set(HazelcastSettings.CONFIG, file);
        }

        /**
         * The first part of every distributed object's name ({@code gatehouse.cluster.hazelcast.prefix},
         * {@code gatehouse} by default): 1–64 of {@code [A-Za-z0-9_.:-]}.
         *
         * @param prefix the prefix
         * @return this builder
         */
        public Builder prefix(String prefix) {
            return set(HazelcastSettings.PREFIX, prefix);
        }

        /**
         * How many topics carry the rooms ({@code gatehouse.cluster.hazelcast.topic-shards}, 32 by
         * default): 1 to 1024.
         *
         * @param shards the number of topics
         * @return this builder
         */
        public Builder topicShards(int shards) {
            return set(HazelcastSettings.TOPIC_SHARDS, shards);
        }

        /**
         * The time limit of the calls Gatehouse waits for ({@code gatehouse.cluster.hazelcast.timeout},
         * 2 s by default): above 0, at most 10 minutes.
         *
         * @param timeout the time limit
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            return set(HazelcastSettings.TIMEOUT, timeout);
        }

        /**
         * How long a stream's history is kept with no frame appended to it or read from it
         * ({@code gatehouse.cluster.hazelcast.history-idle}, a day by default): 1 s to 365 days.
         *
         * @param idle the time
         * @return this builder
         */
        public Builder historyIdle(Duration idle) {
            return set(HazelcastSettings.HISTORY_IDLE, idle);
        }

        /**
         * The backplane on the instance {@link #instance(String)} names, as the provider makes it.
         *
         * @param node this node: its id and the TTL of its presence
         * @return the backplane; Gatehouse starts and closes it (and the instance, when it started it)
         * @throws ConfigurationException when the instance is not named, a setting is wrong, or the
         *     instance it names is not there
         */
        public Backplane build(BackplaneProvider.Node node) {
            Objects.requireNonNull(node, "node");
            return Backplanes.fromSettings(source(), node).orElseThrow(() -> new ConfigurationException(
                    HazelcastSettings.INSTANCE, "required: payara, jndi, cdi, member or client"
                            + " (or build on the application's HazelcastInstance)"));
        }

        /**
         * The backplane on the application's instance, as
         * {@link HazelcastBackplane#create(HazelcastInstance, ConfigSource, BackplaneProvider.Node)} makes it.
         *
         * @param instance a running member or client; never shut down by Gatehouse
         * @param node this node: its id and the TTL of its presence
         * @return the backplane; Gatehouse starts and closes it
         * @throws ConfigurationException when a setting is wrong, or the instance's source was set in
         *     code too
         */
        public Backplane build(HazelcastInstance instance, BackplaneProvider.Node node) {
            for (String p : WHERE) {
                if (values.containsKey(p)) {
                    throw new ConfigurationException(p, "names where the instance comes from, and the instance"
                            + " was given to build");
                }
            }
            return create(instance, source(), Objects.requireNonNull(node, "node"));
        }

        private ConfigSource source() {
            return ConfigSource.of(values).withFallback(base);
        }

        /** {@return the properties set in code} */
        @Override
        public String toString() {
            return "HazelcastBackplane.Builder" + values;
        }
    }
}
