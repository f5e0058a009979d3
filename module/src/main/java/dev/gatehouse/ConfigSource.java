package dev.gatehouse;

import dev.gatehouse.internal.config.Durations;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where configuration values come from. The default reads system properties, then environment
 * variables by the MicroProfile Config mapping ({@code gatehouse.jwt.secret} is also found as
 * {@code GATEHOUSE_JWT_SECRET}).
 */
@FunctionalInterface
public interface ConfigSource {

    /**
     * Looks a property up.
     *
     * @param name the property name, for example {@code mp.jwt.verify.issuer}
     * @return its value, empty when not set
     */
    Optional<String> get(String name);

    /**
     * Looks a duration up, as every Gatehouse setting spells one: {@code 500ms}, {@code 5s},
     * {@code 2m}, {@code 1h}, ISO-8601 ({@code PT5S}) or a number of seconds. For backplanes and
     * other extensions that read settings of their own.
     *
     * @param name the property name
     * @return its value, empty when not set or blank
     * @throws ConfigurationException naming the property when the value is not a duration
     */
    default Optional<Duration> duration(String name) {
        return get(name).map(String::trim).filter(v -> !v.isEmpty()).map(v -> Durations.parse(name, v));
    }

    /** {@return system properties, then environment variables by the MicroProfile Config mapping} */
    static ConfigSource system() {
        ConfigSource properties = name -> Optional.ofNullable(System.getProperty(name));
        return properties.withFallback(of(System.getenv()));
    }

    /**
     * Properties from a map (exact name), then environment-style names from the same map.
     *
     * @param values the properties by name
     * @return the source
     */
    static ConfigSource of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return name -> {
            String exact = copy.get(name);
            if (exact != null) {
                return Optional.of(exact);
            }
            String underscored = name.replaceAll("[^A-Za-z0-9]", "_");
            String value = copy.get(underscored);
            return Optional.ofNullable(value != null ? value : copy.get(underscored.toUpperCase(Locale.ROOT)));
        };
    }

    /**
     * A source that asks this one first and {@code fallback} for what this one does not have.
     *
     * @param fallback the source asked second
     * @return the combined source
     */
    default ConfigSource withFallback(ConfigSource fallback) {
        return name -> get(name).or(() -> fallback.get(name));
    }
}
