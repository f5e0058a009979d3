package dev.gatehouse.internal.lifecycle;

import java.time.Clock;

/**
 * A token bucket: {@code perSecond} frames a second with a burst of one second's worth. Guarded by
 * {@code this}; a limit of 0 allows everything without locking.
 */
final class RateLimiter {
    private final int perSecond;
    private final Clock clock;
    private double tokens;
    private long lastMillis;

    private static final RateLimiter UNLIMITED = new RateLimiter(0, Clock.systemUTC());

    /** A limiter of {@code perSecond} frames a second; 0 gives the shared limiter that allows everything. */
    static RateLimiter of(int perSecond, Clock clock) {
        return perSecond == 0 ? UNLIMITED : new RateLimiter(perSecond, clock);
    }

    private RateLimiter(int perSecond, Clock clock) {
        this.perSecond = perSecond;
        this.clock = clock;
        this.tokens = perSecond;
        this.lastMillis = clock.millis();
    }

    /** Takes one token; false when the client is over its rate. */
    boolean tryAcquire() {
        if (perSecond == 0) {
            return true;
        }
        synchronized (this) {
            long now = clock.millis();
            tokens = Math.min(perSecond, tokens + (now - lastMillis) * perSecond / 1000.0);
            lastMillis = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
