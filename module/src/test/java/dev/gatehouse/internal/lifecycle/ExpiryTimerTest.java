package dev.gatehouse.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One timer at a time for a session: the warning ahead of the expiry, then the expiry; rescheduling replaces both. */
class ExpiryTimerTest {
    private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
    private final ManualTimer timer = new ManualTimer(START);
    private final List<String> fired = new ArrayList<>();
    private final ExpiryTimer expiry = expiryTimer(Duration.ofSeconds(60));

    @Test
    void warnsTheWarningAheadThenExpires() {
        expiry.schedule(START.plusSeconds(300));
        timer.advance(239_999);
        assertEquals(List.of(), fired);
        timer.advance(1);
        assertEquals(List.of("warn 2026-11-22T10:05:00Z at 240000"), fired);
        timer.advance(60_000);
        assertEquals(List.of("warn 2026-11-22T10:05:00Z at 240000", "expire at 300000"), fired);
    }

    @Test
    void rescheduleReplacesThePendingTimer() {
        expiry.schedule(START.plusSeconds(300));
        expiry.schedule(START.plusSeconds(600));
        assertEquals(1, timer.pending());
        timer.advance(600_000);
        assertEquals(List.of("warn 2026-11-22T10:10:00Z at 540000", "expire at 600000"), fired);
    }

    @Test
    void cancelAfterTheWarningStopsTheExpiry() {
        expiry.schedule(START.plusSeconds(300));
        timer.advance(250_000);
        expiry.cancel();
        timer.advance(600_000);
        assertEquals(List.of("warn 2026-11-22T10:05:00Z at 240000"), fired);
        assertEquals(0, timer.pending());
    }

    @Test
    void cancelIsForGoodAndALaterScheduleTimesNothing() {
        expiry.schedule(START.plusSeconds(300));
        expiry.cancel();
        expiry.schedule(START.plusSeconds(900)); // a refresh or a welcome racing the close
        assertEquals(0, timer.pending());
        timer.advance(3_600_000);
        assertEquals(List.of(), fired);
    }

    @Test
    void noWarningWhenTheWarningIsZero() {
        ExpiryTimer unwarned = expiryTimer(Duration.ZERO);
        unwarned.schedule(START.plusSeconds(300));
        timer.advance(300_000);
        assertEquals(List.of("expire at 300000"), fired);
    }

    @Test
    void expiryInThePastExpiresAtOnceWithoutAWarning() {
        expiry.schedule(START.minusSeconds(1));
        timer.advance(0);
        assertEquals(List.of("expire at 0"), fired);
    }

    @Test
    void theCloseComesTheClockSkewAfterExp() {
        ExpiryTimer skewed = expiryTimer(Duration.ofSeconds(60), Duration.ofSeconds(30));
        skewed.schedule(START.plusSeconds(300));
        timer.advance(299_999 + 30_000);
        assertEquals(List.of("warn 2026-11-22T10:05:00Z at 240000"), fired);
        timer.advance(1);
        assertEquals(List.of("warn 2026-11-22T10:05:00Z at 240000", "expire at 330000"), fired);
    }

    @Test
    void tokenAcceptedWithinTheSkewAfterItsExpIsWarnedAtOnceAndClosedOnlyWhenTheSkewRunsOut() {
        ExpiryTimer skewed = expiryTimer(Duration.ofSeconds(60), Duration.ofSeconds(30));
        skewed.schedule(START.minusSeconds(10)); // exp 10 s ago: accepted at the handshake, within the 30 s skew
        timer.advance(0);
        assertEquals(List.of("warn 2026-11-22T09:59:50Z at 0"), fired, "told at once, so that it refreshes");
        timer.advance(19_999);
        assertEquals(1, fired.size(), "not closed before exp + skew");
        timer.advance(1);
        assertEquals("expire at 20000", fired.get(1));
    }

    @Test
    void rescheduleFromTheWarningItselfWinsOverTheExpiryBeingWarned() {
        ExpiryTimer[] self = new ExpiryTimer[1];
        self[0] = new ExpiryTimer(timer.clock(), timer, Duration.ofSeconds(60), Duration.ZERO, at -> {
            fired.add("warn " + at);
            self[0].schedule(START.plusSeconds(900)); // an auth_refresh arriving while the warning goes out
        }, () -> fired.add("expire"));
        self[0].schedule(START.plusSeconds(300));
        timer.advance(600_000);
        assertEquals(List.of("warn 2026-11-22T10:05:00Z"), fired);
        assertEquals(1, timer.pending());
    }

    @Test
    void cancelFromTheWarningItselfStopsTheExpiry() {
        ExpiryTimer[] self = new ExpiryTimer[1];
        self[0] = new ExpiryTimer(timer.clock(), timer, Duration.ofSeconds(60), Duration.ZERO, at -> {
            fired.add("warn");
            self[0].cancel(); // the connection closing while the warning goes out
        }, () -> fired.add("expire"));
        self[0].schedule(START.plusSeconds(300));
        timer.advance(600_000);
        assertEquals(List.of("warn"), fired);
    }

    private ExpiryTimer expiryTimer(Duration warning) {
        return expiryTimer(warning, Duration.ZERO);
    }

    private ExpiryTimer expiryTimer(Duration warning, Duration skew) {
        return new ExpiryTimer(timer.clock(), timer, warning, skew,
                at -> fired.add("warn " + at + " at " + elapsed()), () -> fired.add("expire at " + elapsed()));
    }

    private long elapsed() {
        return timer.clock().millis() - START.toEpochMilli();
    }
}
