package dev.gatehouse.internal.config;

import java.time.Duration;

/** Durations written the way the configuration reads them: {@code 500ms}, {@code 5s}, {@code 10m}, {@code 1h}. */
final class Durations {
    private Durations() {
    }

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
