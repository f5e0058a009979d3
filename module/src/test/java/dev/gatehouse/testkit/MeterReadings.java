package dev.gatehouse.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/** Reads Gatehouse's meters back from a Micrometer registry in tests. */
public final class MeterReadings {
    private MeterReadings() {
    }

    /** A counter's count, 0 when it was never created. */
    public static double count(MeterRegistry registry, String name, String... tags) {
        var counter = Search.in(registry).name(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    /** How many durations a timer recorded, 0 when it was never created. */
    public static long timerCount(MeterRegistry registry, String name, String... tags) {
        var timer = Search.in(registry).name(name).tags(tags).timer();
        return timer == null ? 0 : timer.count();
    }

    /**
     * Waits (5 s at most) until {@code value} is {@code expected}: the server counts an event after
     * it answered, which may be just after the client saw the answer.
     */
    public static void eventually(DoubleSupplier value, double expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (value.getAsDouble() != expected && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(expected, value.getAsDouble());
    }
}
