package dev.gatehouse.hazelcast.internal;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code gatehouse.cluster.hazelcast.*} settings, checked at startup: where the
 * {@code HazelcastInstance} comes from, the names' prefix, how many shard topics carry the rooms,
 * the time limit of the calls Gatehouse waits for (startup, presence and history reads, close),
 * and how long a stream's history outlives its last use. Immutable.
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
    /** How long a stream's history is kept with no frame appended to it or read from it. */
    public static final String HISTORY_IDLE = "gatehouse.cluster.hazelcast.history-idle";

    /** Payara Server's and Payara Micro's own instance. */
    public static final String PAYARA_JNDI = "payara/Hazelcast";
    static final String DEFAULT_PREFIX = "gatehouse";
    static final int DEFAULT_SHARDS = 32;
    static final int MAX_SHARDS = 1024;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
    /** A day, as a Redis stream's epoch outlives its last append (PROTOCOL.md §3.6). */
    static final Duration DEFAULT_HISTORY_IDLE = Duration.ofDays(1);
    static final Duration MAX_HISTORY_IDLE = Duration.ofDays(365);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

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
    private final Duration historyIdle;

    private HazelcastSettings(Source source, String where, ConfigSource config) {
        this.source = source;
        this.where = where;
        this.prefix = prefix(config);
        this.shards = shards(config);
        this.timeout = duration(config, TIMEOUT, DEFAULT_TIMEOUT, Duration.ofMillis(1), MAX_TIMEOUT,
                "above 0 and at most 10m");
        this.historyIdle = duration(config, HISTORY_IDLE, DEFAULT_HISTORY_IDLE, Duration.ofSeconds(1), MAX_HISTORY_IDLE,
                "from 1s to 365 days");
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
        if (!instance.get().equalsIgnoreCase("jndi") && value(config, JNDI).isPresent()) {
            throw new ConfigurationException(JNDI, "only read with " + INSTANCE + "=jndi; " + INSTANCE + " is "
                    + instance.get());
        }
        return Optional.of(new HazelcastSettings(source, where, config));
    }

    /**
     * The settings for an instance given in code; {@code instance} is not read.
     *
     * @param config where the other settings come from
     * @return the settings
     */
    public static HazelcastSettings given(ConfigSource config) {
        return new HazelcastSettings(Source.GIVEN, "", config);
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

    /** A duration setting from {@code min} to {@code max} (as {@code range} says), or its default when not set. */
    private static Duration duration(ConfigSource config, String name, Duration byDefault, Duration min, Duration max,
            String range) {
        Duration d = config.duration(name).orElse(byDefault);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new ConfigurationException(name, "expected a duration " + range + ", got '"
                    + config.get(name).orElse("").trim() + "'");
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

    /** {@return how long a stream's history is kept with no frame appended to it or read from it} */
    public Duration historyIdle() {
        return historyIdle;
    }

    @Override
    public String toString() {
        return "HazelcastSettings[" + source + (where.isEmpty() ? "" : " " + where) + ", prefix " + prefix + ", "
                + shards + " shards, timeout " + timeout + ", history-idle " + historyIdle + "]";
    }
}
