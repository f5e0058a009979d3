package dev.gatehouse.hazelcast.internal;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code gatehouse.cluster.hazelcast.*} settings, checked at startup: where the
 * {@code HazelcastInstance} comes from, the names' prefix, how many shard topics carry the rooms,
 * and the time limit of the calls Gatehouse waits for (startup, presence and history reads,
 * close). Immutable.
 */
public final class HazelcastSettings {
    /** Where the instance comes from: {@code payara}, {@code jndi}, {@code cdi}, {@code member} or {@code client}. */
    public static final String INSTANCE = "gatehouse.cluster.hazelcast.instance";
    /** The JNDI name for {@code instance=jndi}. */
    public static final String JNDI = "gatehouse.cluster.hazelcast.jndi";
    /** The hazelcast(-client).xml or .yaml file for {@code instance=member} or {@code client}. */
    public static final String CONFIG = "gatehouse.cluster.hazelcast.config";
    /** The first part of every distributed object's name. */
    public static final String PREFIX = "gatehouse.cluster.hazelcast.prefix";
    /** How many topics carry the rooms' messages. */
    public static final String TOPIC_SHARDS = "gatehouse.cluster.hazelcast.topic-shards";
    /** The time limit of the calls Gatehouse waits for. */
    public static final String TIMEOUT = "gatehouse.cluster.hazelcast.timeout";

    /** Payara Server's and Payara Micro's own instance. */
    public static final String PAYARA_JNDI = "payara/Hazelcast";
    static final String DEFAULT_PREFIX = "gatehouse";
    static final int DEFAULT_SHARDS = 32;
    static final int MAX_SHARDS = 1024;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)?");

    /** Where the instance comes from. */
    public enum Source {
        /** A JNDI name: Payara's {@code payara/Hazelcast}, or {@link #JNDI}. */
        JNDI,
        /** The application's CDI bean. */
        CDI,
        /** A member Gatehouse starts from {@link #CONFIG} (and shuts down). */
        MEMBER,
        /** A client Gatehouse starts from {@link #CONFIG} (and shuts down). */
        CLIENT,
        /** Given in code. */
        GIVEN
    }

    private final Source source;
    private final String where;
    private final String prefix;
    private final int shards;
    private final Duration timeout;

    private HazelcastSettings(Source source, String where, String prefix, int shards, Duration timeout) {
        this.source = source;
        this.where = where;
        this.prefix = prefix;
        this.shards = shards;
        this.timeout = timeout;
    }

    /**
     * The settings, or empty when {@code gatehouse.cluster.hazelcast.instance} is not set.
     *
     * @param config where the settings come from
     * @return the settings
     * @throws ConfigurationException naming the property at fault
     */
    public static Optional<HazelcastSettings> from(ConfigSource config) {
        Optional<String> instance = value(config, INSTANCE);
        if (instance.isEmpty()) {
            return Optional.empty();
        }
        Source source;
        String where;
        switch (instance.get().toLowerCase(Locale.ROOT)) {
            case "payara" -> {
                source = Source.JNDI;
                where = PAYARA_JNDI;
            }
            case "jndi" -> {
                source = Source.JNDI;
                where = value(config, JNDI).orElse(PAYARA_JNDI);
            }
            case "cdi" -> {
                source = Source.CDI;
                where = "";
            }
            case "member", "client" -> {
                source = instance.get().equalsIgnoreCase("member") ? Source.MEMBER : Source.CLIENT;
                where = value(config, CONFIG).orElseThrow(() -> new ConfigurationException(CONFIG,
                        "required with " + INSTANCE + "=" + instance.get() + ": the path of a hazelcast"
                                + (source == Source.CLIENT ? "-client" : "") + ".xml or .yaml file"));
            }
            default -> throw new ConfigurationException(INSTANCE, "expected payara, jndi, cdi, member or client, got '"
                    + instance.get() + "'");
        }
        if (source != Source.MEMBER && source != Source.CLIENT && value(config, CONFIG).isPresent()) {
            throw new ConfigurationException(CONFIG, "only read with " + INSTANCE + "=member or client; "
                    + INSTANCE + " is " + instance.get());
        }
        return Optional.of(new HazelcastSettings(source, where, prefix(config), shards(config), timeout(config)));
    }

    /**
     * The settings for an instance given in code; {@code instance} is not read.
     *
     * @param config where the other settings come from
     * @return the settings
     */
    public static HazelcastSettings given(ConfigSource config) {
        return new HazelcastSettings(Source.GIVEN, "", prefix(config), shards(config), timeout(config));
    }

    private static Optional<String> value(ConfigSource config, String name) {
        return config.get(name).map(String::trim).filter(s -> !s.isEmpty());
    }

    private static String prefix(ConfigSource config) {
        String prefix = value(config, PREFIX).orElse(DEFAULT_PREFIX);
        if (!NAME.matcher(prefix).matches()) {
            throw new ConfigurationException(PREFIX, "expected 1–64 of [A-Za-z0-9_.:-], got '" + prefix + "'");
        }
        return prefix;
    }

    private static int shards(ConfigSource config) {
        String text = value(config, TOPIC_SHARDS).orElse(null);
        if (text == null) {
            return DEFAULT_SHARDS;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= MAX_SHARDS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ConfigurationException(TOPIC_SHARDS, "expected 1 to " + MAX_SHARDS + ", got '" + text + "'");
    }

    private static Duration timeout(ConfigSource config) {
        String text = value(config, TIMEOUT).orElse(null);
        if (text == null) {
            return DEFAULT_TIMEOUT;
        }
        Duration d = null;
        var m = DURATION.matcher(text);
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                d = switch (m.group(2) == null ? "s" : m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofSeconds(n);
                };
            } else if (text.toUpperCase(Locale.ROOT).startsWith("PT")) {
                d = Duration.parse(text.toUpperCase(Locale.ROOT));
            }
        } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
            d = null;
        }
        if (d == null || d.isNegative() || d.isZero() || d.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new ConfigurationException(TIMEOUT, "expected a duration above 0 and at most 10m such as 500ms, 2s"
                    + " or PT2S, got '" + text + "'");
        }
        return d;
    }

    /** {@return where the instance comes from} */
    public Source source() {
        return source;
    }

    /** {@return the JNDI name or the configuration file; empty for CDI or an instance given in code} */
    public String where() {
        return where;
    }

    /** {@return the first part of every distributed object's name} */
    public String prefix() {
        return prefix;
    }

    /** {@return how many topics carry the rooms} */
    public int shards() {
        return shards;
    }

    /** {@return the time limit of the calls Gatehouse waits for} */
    public Duration timeout() {
        return timeout;
    }

    @Override
    public String toString() {
        return "HazelcastSettings[" + source + (where.isEmpty() ? "" : " " + where) + ", prefix " + prefix + ", "
                + shards + " shards, timeout " + timeout + "]";
    }
}
