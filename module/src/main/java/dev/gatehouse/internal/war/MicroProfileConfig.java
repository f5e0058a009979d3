package dev.gatehouse.internal.war;

import dev.gatehouse.ConfigSource;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** MicroProfile Config as a {@link ConfigSource}, when the server has it. */
final class MicroProfileConfig {
    private MicroProfileConfig() {
    }

    /** The application's MicroProfile Config, empty when the server has none. */
    static Optional<ConfigSource> source() {
        try {
            Config config = ConfigProvider.getConfig();
            return Optional.of(name -> config.getOptionalValue(name, String.class));
        } catch (LinkageError | RuntimeException e) {
            return Optional.empty();
        }
    }
}
