package dev.gatehouse.internal.metrics;

import java.time.Duration;
import java.util.List;

/**
 * One meter as the README's table documents it: its name (dotted, as Micrometer and OpenTelemetry
 * spell it; Prometheus shows {@code gatehouse_connections_opened_total}), kind, tag names, what it
 * measures and, for a timer, the range of durations its histogram buckets cover.
 *
 * @param name the name
 * @param kind counter, timer or gauge
 * @param tags the tag names, each with a small fixed set of values
 * @param description what it measures, one line
 * @param min a timer's shortest expected duration
 * @param max a timer's longest expected duration
 */
public record MeterSpec(String name, Kind kind, List<String> tags, String description, Duration min, Duration max) {
    /** What a meter is. */
    public enum Kind {
        /** Only goes up. */
        COUNTER,
        /** A histogram of durations, in seconds. */
        TIMER,
        /** A value read when collected. */
        GAUGE
    }

    /** Copies the tags. */
    public MeterSpec {
        tags = List.copyOf(tags);
    }

    static MeterSpec counter(String name, String description, String... tags) {
        return new MeterSpec(name, Kind.COUNTER, List.of(tags), description, null, null);
    }

    static MeterSpec gauge(String name, String description, String... tags) {
        return new MeterSpec(name, Kind.GAUGE, List.of(tags), description, null, null);
    }

    static MeterSpec timer(String name, String description, Duration min, Duration max, String... tags) {
        return new MeterSpec(name, Kind.TIMER, List.of(tags), description, min, max);
    }
}
