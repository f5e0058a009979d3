package dev.gatehouse.client;

import dev.gatehouse.client.internal.Backoff;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When and how soon the client reconnects. The close code and reason decide whether (README
 * "Reconnect"); this policy decides how long to wait, with full-jitter exponential backoff:
 * {@code random(0, min(max, base * 2^attempt))}, where {@code base} is the minimum delay, or four
 * times it after a "try again later" (1013, HTTP 429 / 503).
 */
public interface ReconnectPolicy {

    /** {@return whether the client reconnects at all} */
    boolean enabled();

    /** {@return the base of the backoff; the first attempt waits at most this long} */
    Duration minDelay();

    /** {@return the cap of the backoff} */
    Duration maxDelay();

    /**
     * The delay before a reconnect attempt, full jitter.
     *
     * @param attempt the attempt, 0 for the first since the last welcome
     * @param base the base, {@link #minDelay()} or longer after a "try again later"
     * @return a random delay between zero and {@code min(maxDelay, base * 2^attempt)}
     */
    default Duration delay(int attempt, Duration base) {
        return Backoff.fullJitter(base, maxDelay(), attempt, ThreadLocalRandom.current().nextDouble());
    }

    /**
     * Whether to reconnect after the server closed the connection with 1000 or an application code
     * (4000–4999), which by default leave the client closed (1000 {@code IDLE_TIMEOUT} and
     * {@code HEARTBEAT_TIMEOUT} always reconnect).
     *
     * @param code the close code
     * @param reason the close reason
     * @return true to reconnect; false (the default) to stay closed
     */
    default boolean reconnectAfterServerClose(int code, String reason) {
        return false;
    }

    /**
     * Full-jitter exponential backoff.
     *
     * @param min the base delay (the first attempt waits at most this long), positive
     * @param max the cap, at least {@code min}
     * @return the policy
     * @throws IllegalArgumentException when {@code min} is not positive or {@code max} is below it
     */
    static ReconnectPolicy backoff(Duration min, Duration max) {
        return new Backoff.Policy(min, max);
    }

    /** {@return a policy that never reconnects} */
    static ReconnectPolicy none() {
        return Backoff.Policy.NONE;
    }
}
