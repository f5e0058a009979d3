package dev.gatehouse.internal.config;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads typed values from a {@link ConfigSource}; a value that does not parse fails with a
 * {@link ConfigurationException} that names the property. Blank values count as unset.
 */
public final class PropertyReader {
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

    private final ConfigSource source;

    /** Reads from the given source. */
    public PropertyReader(ConfigSource source) {
        this.source = source;
    }

    /** The trimmed value, empty when unset or blank. */
    public Optional<String> string(String name) {
        return source.get(name).map(String::trim).filter(v -> !v.isEmpty());
    }

    /** A comma-separated list, trimmed, without empty entries. */
    public Optional<List<String>> list(String name) {
        return string(name).map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
    }

    /** A whole number. */
    public Optional<Integer> integer(String name) {
        return string(name).map(v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new ConfigurationException(name, "expected a whole number, got '" + v + "'");
            }
        });
    }

    /** {@code true} or {@code false}, case-insensitive. */
    public Optional<Boolean> bool(String name) {
        return string(name).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigurationException(name, "expected true or false, got '" + v + "'");
        });
    }

    /**
     * A duration: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, ISO-8601 ({@code PT5S}), or a plain
     * number of seconds.
     */
    public Optional<Duration> duration(String name) {
        return string(name).map(v -> parseDuration(name, v));
    }

    static Duration parseDuration(String name, String value) {
        Matcher m = SIMPLE_DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofSeconds(amount);
            };
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new ConfigurationException(name, "expected a duration such as 5s, 500ms or PT5S, got '" + value + "'");
        }
    }
}
