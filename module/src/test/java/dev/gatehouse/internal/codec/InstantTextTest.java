package dev.gatehouse.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Instants written as the JDK writes them, whether the kept second is reused or replaced. */
class InstantTextTest {
    private final InstantText text = new InstantText();

    @Test
    void writesWhatInstantToStringWrites() {
        long base = Instant.parse("2026-11-22T10:00:00Z").toEpochMilli();
        for (long millis : new long[] {base, base + 1, base + 10, base + 120, base + 999, base + 1000, base + 60_000,
                0, -1, -1001, Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli()}) {
            assertEquals(Instant.ofEpochMilli(millis).toString(), write(millis), () -> "at " + millis);
        }
    }

    @Test
    void writesWhatInstantToStringWritesForRandomInstantsInAndOutOfOrder() {
        SplittableRandom random = new SplittableRandom(7);
        long base = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
        for (int i = 0; i < 10_000; i++) {
            long millis = base + random.nextLong(5_000);
            assertEquals(Instant.ofEpochMilli(millis).toString(), write(millis));
        }
    }

    private String write(long epochMillis) {
        StringBuilder out = new StringBuilder();
        text.append(out, epochMillis);
        return out.toString();
    }
}
