package dev.gatehouse.internal.config;

import dev.gatehouse.ConfigurationException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the configuration reads and writes them: {@code 500ms}, {@code 5s}, {@code 2m},
 * {@code 1h}, ISO-8601 ({@code PT5S}) or a plain number of seconds.
 */
public final class Durations {
    private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

    private Durations() {
    }

    /** Parses a property's text; a bad one fails naming the property. */
    public static Duration parse(String name, String value) {
        Matcher m = SIMPLE.matcher(value.toLowerCase(Locale.ROOT));
        try {
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
            return Duration.parse(value);
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            throw new ConfigurationException(name, "expected a duration such as 5s, 500ms or PT5S, got '" + value + "'");
        }
    }

    /** The shortest spelling {@link #parse} reads back. */
    static String format(Duration d) {
        long millis = d.toMillis();
        if (millis == 0) {
            return "0";
        }
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
