package dev.gatehouse.client.internal;

import dev.gatehouse.client.ReconnectPolicy;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * When the next connection is opened (PROTOCOL §7): the policy's full-jitter backoff over the
 * attempts since the last welcome, from four times the minimum delay after a "try again later", and
 * never before the server's {@code Retry-After}. Holds the one pending reconnect timer. Guarded by
 * the session's lock; scheduling only queues a timer, whose task runs on the timer thread without it.
 */
final class Reconnects {
    private final ReconnectPolicy policy;
    private final ClientThreads threads;
    /** Attempts since the last welcome. */
    private int attempt;
    /** The scheduled attempt; null when none is. */
    private ScheduledFuture<?> timer;

    Reconnects(ReconnectPolicy policy, ClientThreads threads) {
        this.policy = policy;
        this.threads = threads;
    }

    /**
     * Counts the next attempt and draws its delay; {@link #scheduleLocked} then starts it.
     *
     * @param decision why: {@link Decision#BACK_OFF_LONGER} backs off from the longer base
     * @param retryAfter the server's {@code Retry-After}, or null
     * @return the attempt
     */
    Attempt nextLocked(Decision decision, Duration retryAfter) {
        int n = ++attempt;
        Duration base = decision == Decision.BACK_OFF_LONGER ? longerBase() : policy.minDelay();
        Duration jitter = policy.delay(n - 1, base);
        return new Attempt(n, retryAfter != null && retryAfter.compareTo(jitter) > 0 ? retryAfter : jitter);
    }

    /** Runs {@code open} after the attempt's delay, on the timer thread. */
    void scheduleLocked(Attempt next, Runnable open) {
        timer = threads.schedule(open, next.delay());
    }

    /** A welcome: the next attempt counts from 0 again. */
    void welcomedLocked() {
        attempt = 0;
    }

    void cancelLocked() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private Duration longerBase() {
        Duration longer = policy.minDelay().multipliedBy(4);
        return longer.compareTo(policy.maxDelay()) > 0 ? policy.maxDelay() : longer;
    }

    /**
     * A reconnect attempt, as {@code onReconnecting} reports it.
     *
     * @param number the attempt since the last welcome, from 1
     * @param delay how long until it starts
     */
    record Attempt(int number, Duration delay) {
    }
}
