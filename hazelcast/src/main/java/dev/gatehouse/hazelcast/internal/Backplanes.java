package dev.gatehouse.hazelcast.internal;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.spi.Backplane;
import dev.gatehouse.spi.BackplaneProvider;
import java.util.Optional;

/** The provider's work: the settings, the instance they name, the backplane on it. Stateless. */
public final class Backplanes {
    private Backplanes() {
    }

    /**
     * The backplane the settings describe, or empty without {@code gatehouse.cluster.hazelcast.instance}.
     *
     * @param config the settings
     * @param node this node
     * @return the backplane
     */
    public static Optional<Backplane> fromSettings(ConfigSource config, BackplaneProvider.Node node) {
        return HazelcastSettings.from(config).map(settings -> {
            Instances.Found found = Instances.find(settings);
            try {
                return GridBackplane.open(found.instance(), found.owned(), found.origin(), settings, node);
            } catch (RuntimeException e) {
                if (found.owned()) {
                    found.instance().shutdown();
                }
                throw e;
            }
        });
    }
}
