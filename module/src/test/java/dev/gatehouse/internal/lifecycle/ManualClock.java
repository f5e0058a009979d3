package dev.gatehouse.internal.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that stands still until a test (or a {@link ManualTimer}) moves it. Thread-safe. */
public final class ManualClock extends Clock {
    private volatile long millis;

    /** A clock standing at {@code start}. */
    public ManualClock(Instant start) {
        this.millis = start.toEpochMilli();
    }

    /** A clock standing at the current second. */
    public static ManualClock atNow() {
        return new ManualClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    /** Moves the clock forward. */
    public void advance(Duration duration) {
        set(millis + duration.toMillis());
    }

    /** Moves the clock to this epoch millisecond. */
    public void set(long epochMillis) {
        this.millis = epochMillis;
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
