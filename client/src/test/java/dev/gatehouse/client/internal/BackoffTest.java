package dev.gatehouse.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.client.ReconnectPolicy;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Duration MIN = Duration.ofMillis(500);
    private static final Duration MAX = Duration.ofSeconds(30);
    private final ReconnectPolicy policy = ReconnectPolicy.backoff(MIN, MAX);

    @Test
    void fullJitterStaysWithinZeroAndTheCapAndAveragesHalfOfIt() {
        for (int attempt : new int[] {0, 1, 3, 6, 10, 40}) {
            long ceiling = Math.min(MAX.toNanos(), MIN.toNanos() << Math.min(attempt, 20));
            double[] delays = IntStream.range(0, 4000).mapToDouble(i -> policy.delay(attempt, MIN).toNanos()).toArray();
            double mean = 0;
            for (double d : delays) {
                assertTrue(d >= 0 && d <= ceiling, "attempt " + attempt + ": " + d + " outside [0, " + ceiling + "]");
                mean += d / delays.length;
            }
            // the mean of 4000 uniform draws is within 3 % of half the ceiling far beyond any bad luck
            assertEquals(0.5, mean / ceiling, 0.03, "attempt " + attempt);
        }
    }

    @Test
    void firstAttemptWaitsAtMostTheMinimum() {
        IntStream.range(0, 1000).forEach(i -> assertTrue(policy.delay(0, MIN).compareTo(MIN) <= 0));
    }

    @Test
    void exactValuesAtTheEdgesOfTheRandomNumber() {
        assertEquals(Duration.ZERO, Backoff.fullJitter(MIN, MAX, 3, 0.0));
        assertEquals(Duration.ofSeconds(2), Backoff.fullJitter(MIN, MAX, 3, 0.5));
        assertEquals(Duration.ofSeconds(15), Backoff.fullJitter(MIN, MAX, 1000, 0.5));
    }

    @Test
    void badDelaysAreRefusedByTheFactory() {
        assertThrows(IllegalArgumentException.class, () -> ReconnectPolicy.backoff(Duration.ZERO, MAX));
        assertThrows(IllegalArgumentException.class, () -> ReconnectPolicy.backoff(MAX, MIN));
    }

    @Test
    void noneIsDisabled() {
        assertEquals(false, ReconnectPolicy.none().enabled());
        assertEquals(true, policy.enabled());
    }
}
