package dev.gatehouse.internal.cluster;

import dev.gatehouse.ConfigurationException;
import dev.gatehouse.internal.config.Durations;
import dev.gatehouse.spi.HistoryStore.Limits;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Which rooms keep history, and how much: {@code gatehouse.history.rooms} entries, each a room name
 * or a prefix ending in {@code *}, optionally with its own bounds ({@code chat:*;size=500;age=10m});
 * the first entry that matches a room decides. Immutable.
 */
public final class HistoryRooms {
    private final List<Rule> rules;

    private record Rule(RoomPattern pattern, Limits limits) {
    }

    private HistoryRooms(List<Rule> rules) {
        this.rules = rules;
    }

    /** The rules of {@code gatehouse.history.rooms}, with the default bounds where an entry gives none. */
    static HistoryRooms of(List<String> entries, int size, Duration age) {
        return new HistoryRooms(entries.stream().map(e -> parse("gatehouse.history.rooms", e, size, age)).toList());
    }

    /** Whether any room keeps history. */
    boolean any() {
        return !rules.isEmpty();
    }

    /** {@return a room's bounds, or empty for a room without history} */
    Optional<Limits> limits(String room) {
        for (Rule r : rules) {
            if (r.pattern().matches(room)) {
                return Optional.of(r.limits);
            }
        }
        return Optional.empty();
    }

    /**
     * Checks one entry of {@code gatehouse.history.rooms}.
     *
     * @throws ConfigurationException naming {@code property} when it is not of that shape
     */
    public static void check(String property, String entry) {
        parse(property, entry, 1, Duration.ofSeconds(1));
    }

    /** One entry, {@code pattern[;size=N][;age=D]}. */
    private static Rule parse(String property, String entry, int size, Duration age) {
        String[] parts = entry.split(";");
        String pattern = parts[0].trim();
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].trim().split("=", 2);
            try {
                if (kv.length == 2 && kv[0].equals("size")) {
                    size = Integer.parseInt(kv[1].trim());
                } else if (kv.length == 2 && kv[0].equals("age")) {
                    age = Durations.parse(property, kv[1].trim());
                } else {
                    throw new IllegalArgumentException("unknown bound");
                }
            } catch (RuntimeException e) {
                throw new ConfigurationException(property, "'" + entry + "': expected a room pattern followed by"
                        + " ;size=<frames> and/or ;age=<duration>, e.g. chat:*;size=500;age=10m");
            }
        }
        if (size < 1 || size > 1_000_000 || age.isZero() || age.isNegative()) {
            throw new ConfigurationException(property, "'" + entry + "': size must be 1 to 1000000 and age positive");
        }
        return new Rule(RoomPattern.of(pattern), new Limits(size, age));
    }
}
