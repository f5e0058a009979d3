package dev.gatehouse.internal.config;

import dev.gatehouse.ConfigurationException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * One configuration property, declared once: its name, default, how its text parses, what values
 * it accepts, and one line of documentation. Reading it from a source, its default, its check at a
 * builder's setter and its row in the README's configuration table all come from the declaration.
 * Immutable; the {@code byDefault}, {@code check} and {@code doc} methods return a changed copy.
 *
 * @param <T> the value's type
 */
public final class Setting<T> {
    private final String name;
    private final Function<String, T> parser;
    private final T defaultValue;
    private final String defaultDoc;
    private final UnaryOperator<T> check;
    private final String meaning;

    private Setting(String name, Function<String, T> parser, T defaultValue, String defaultDoc,
            UnaryOperator<T> check, String meaning) {
        this.name = name;
        this.parser = parser;
        this.defaultValue = defaultValue;
        this.defaultDoc = defaultDoc;
        this.check = check;
        this.meaning = meaning;
    }

    /** A setting whose text is parsed by {@code parser}, which may throw a {@link ConfigurationException}. */
    public static <T> Setting<T> of(String name, Function<String, T> parser) {
        return new Setting<>(name, parser, null, null, UnaryOperator.identity(), "");
    }

    /** A string: the trimmed text. */
    public static Setting<String> string(String name) {
        return of(name, text -> text);
    }

    /** A whole number. */
    public static Setting<Integer> integer(String name) {
        return of(name, text -> {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new ConfigurationException(name, "expected a whole number, got '" + text + "'");
            }
        });
    }

    /** {@code true} or {@code false}, in any case. */
    public static Setting<Boolean> bool(String name) {
        return of(name, text -> switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigurationException(name, "expected true or false, got '" + text + "'");
        });
    }

    /** A duration: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, ISO-8601 or a number of seconds. */
    public static Setting<Duration> duration(String name) {
        return of(name, text -> Durations.parse(name, text));
    }

    /** A comma-separated list, its entries trimmed, empty ones left out. */
    public static Setting<List<String>> list(String name) {
        return of(name, Setting::split);
    }

    /** A comma-separated set, its entries trimmed, empty ones left out. */
    public static Setting<Set<String>> set(String name) {
        return of(name, text -> Set.copyOf(new LinkedHashSet<>(split(text))));
    }

    /** One of an enum's constants, by name in any case. */
    public static <E extends Enum<E>> Setting<E> enumOf(String name, Class<E> type) {
        return of(name, text -> Arrays.stream(type.getEnumConstants())
                .filter(c -> c.name().equalsIgnoreCase(text)).findFirst()
                .orElseThrow(() -> new ConfigurationException(name, "expected one of "
                        + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT) + ", got '" + text + "'")));
    }

    /** This setting with a default value, documented as {@code `value`}. */
    public Setting<T> byDefault(T value) {
        return new Setting<>(name, parser, value, defaultDoc, check, meaning);
    }

    /** This setting with a default computed elsewhere, documented as {@code doc}. */
    public Setting<T> byDefault(T value, String doc) {
        return new Setting<>(name, parser, value, doc, check, meaning);
    }

    /** This setting with a check, run on every value set; it may normalize the value, or throw. */
    public Setting<T> check(UnaryOperator<T> valueCheck) {
        return new Setting<>(name, parser, defaultValue, defaultDoc, valueCheck, meaning);
    }

    /** This setting with its one line of documentation (the README's "meaning" column). */
    public Setting<T> doc(String line) {
        return new Setting<>(name, parser, defaultValue, defaultDoc, check, line);
    }

    /** The property name, for example {@code gatehouse.ready.timeout}. */
    public String name() {
        return name;
    }

    /** The default, or null when unset by default. */
    public T defaultValue() {
        return defaultValue;
    }

    /** Parses and checks a property's text. */
    public T parse(String text) {
        return accept(parser.apply(text));
    }

    /**
     * Checks a value given in code or parsed.
     *
     * @throws ConfigurationException naming this property
     */
    public T accept(T value) {
        return value == null ? null : check.apply(value);
    }

    /** This setting's row of the README's configuration table. */
    public String readmeRow() {
        return "| `" + name + "` | " + (defaultDoc != null ? defaultDoc : defaultValue == null ? "–" : "`" + format(defaultValue) + "`")
                + " | " + meaning + " |";
    }

    @Override
    public String toString() {
        return name;
    }

    private static List<String> split(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String format(Object value) {
        if (value instanceof Duration d) {
            return Durations.format(d);
        }
        if (value instanceof Collection<?> items) {
            return items.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return value instanceof Enum<?> e ? e.name().toLowerCase(Locale.ROOT) : String.valueOf(value);
    }
}
