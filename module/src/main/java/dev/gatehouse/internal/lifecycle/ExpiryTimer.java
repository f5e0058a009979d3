package dev.gatehouse.internal.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * A session's expiry (PROTOCOL.md §3.2): {@code session_expiring} ahead of the token's {@code exp},
 * then the close at {@code exp} plus the clock skew, the tolerance the verifier applied when it
 * accepted the token (so a token accepted within the skew is never closed before then), one timer at
 * a time; {@code auth_refresh} moves both. The callbacks run on the timer's thread without this
 * object's lock. Thread-safe: guarded by {@code this}.
 */
final class ExpiryTimer {
    private final Clock clock;
    private final Timer timer;
    private final long warningMillis;
    private final long skewMillis;
    private final Consumer<Instant> warn;
    private final Runnable expire;
    /** The expiry being timed, or null when cancelled. */
    private Instant expiresAt;
    private Timer.Cancellable pending;
    /** Set by {@link #cancel}: the connection closed, and nothing is timed any more. */
    private boolean cancelled;

    /**
     * A timer for one connection.
     *
     * @param warning how long before {@code exp} to warn; zero for never
     * @param skew how long after {@code exp} the close comes
     * @param warn sends the warning for this expiry
     * @param expire closes the connection
     */
    ExpiryTimer(Clock clock, Timer timer, Duration warning, Duration skew, Consumer<Instant> warn, Runnable expire) {
        this.clock = clock;
        this.timer = timer;
        this.warningMillis = warning.toMillis();
        this.skewMillis = skew.toMillis();
        this.warn = warn;
        this.expire = expire;
    }

    /** Times this expiry, replacing the one before; does nothing once cancelled. */
    synchronized void schedule(Instant expiry) {
        if (cancelled) {
            return; // a schedule racing the close (a welcome or a refresh under way) must not outlive it
        }
        cancelPending();
        expiresAt = expiry;
        long untilExpiry = expiry.toEpochMilli() - clock.millis();
        if (warningMillis > 0 && untilExpiry + skewMillis > 0) {
            pending = timer.schedule(() -> warned(expiry), Math.max(0, untilExpiry - warningMillis));
        } else {
            pending = timer.schedule(expire, Math.max(0, untilExpiry + skewMillis));
        }
    }

    /**
     * Stops timing for good (the connection closed): nothing fires after this returns, except a
     * callback already running, and later calls to {@link #schedule} do nothing.
     */
    synchronized void cancel() {
        cancelled = true;
        cancelPending();
        expiresAt = null;
    }

    private void warned(Instant expiry) {
        warn.accept(expiry);
        synchronized (this) {
            if (expiry.equals(expiresAt)) { // not refreshed or cancelled meanwhile
                pending = timer.schedule(expire, Math.max(0, expiry.toEpochMilli() + skewMillis - clock.millis()));
            }
        }
    }

    private void cancelPending() {
        if (pending != null) {
            pending.cancel();
            pending = null;
        }
    }
}
