package dev.gatehouse.client.internal;

import dev.gatehouse.client.ReconnectPolicy;
import java.time.Duration;
import java.util.Objects;

/** Full-jitter exponential backoff, and the built-in {@link ReconnectPolicy}. */
public final class Backoff {
    /** 2^20 times the base is beyond any sensible cap; larger exponents only risk overflow. */
    private static final int MAX_EXPONENT = 20;

    private Backoff() {
    }

    /**
     * {@code random * min(cap, base * 2^attempt)}.
     *
     * @param base the base delay
     * @param cap the cap
     * @param attempt the attempt, from 0
     * @param random a number in [0, 1)
     * @return the delay
     */
    public static Duration fullJitter(Duration base, Duration cap, int attempt, double random) {
        long ceiling = Math.min(cap.toNanos(), base.toNanos() << Math.min(Math.max(attempt, 0), MAX_EXPONENT));
        return Duration.ofNanos((long) (random * Math.max(ceiling, 0)));
    }

    /**
     * The policy of {@link ReconnectPolicy#backoff} and {@link ReconnectPolicy#none()}.
     *
     * @param minDelay the base
     * @param maxDelay the cap
     * @param enabled whether to reconnect
     */
    public record Policy(Duration minDelay, Duration maxDelay, boolean enabled) implements ReconnectPolicy {
        /** Never reconnects. */
        public static final Policy NONE = new Policy(Duration.ofMillis(500), Duration.ofSeconds(30), false);

        /**
         * A backoff policy that reconnects.
         *
         * @param minDelay the base
         * @param maxDelay the cap
         */
        public Policy(Duration minDelay, Duration maxDelay) {
            this(minDelay, maxDelay, true);
        }

        /** Checks the delays. */
        public Policy {
            Objects.requireNonNull(minDelay, "minDelay");
            Objects.requireNonNull(maxDelay, "maxDelay");
            if (minDelay.isNegative() || minDelay.isZero()) {
                throw new IllegalArgumentException("ReconnectPolicy.backoff: min must be positive, was " + minDelay);
            }
            if (maxDelay.compareTo(minDelay) < 0) {
                throw new IllegalArgumentException("ReconnectPolicy.backoff: max " + maxDelay + " is below min " + minDelay);
            }
        }
    }
}
