package dev.gatehouse.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.client.ReconnectPolicy;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Attempts counted since the last welcome, the longer base after "try again later", and Retry-After honoured. */
class ReconnectsTest {
    /** No jitter: the delay is the ceiling, so the test can read the base and the attempt from it. */
    private static final ReconnectPolicy CEILING = new ReconnectPolicy() {
        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public Duration minDelay() {
            return Duration.ofMillis(100);
        }

        @Override
        public Duration maxDelay() {
            return Duration.ofSeconds(1);
        }

        @Override
        public Duration delay(int attempt, Duration base) {
            return Backoff.fullJitter(base, maxDelay(), attempt, 1.0);
        }
    };

    private final ClientThreads threads = new ClientThreads();
    private final Reconnects reconnects = new Reconnects(CEILING, threads);

    @AfterEach
    void finish() {
        threads.finish();
    }

    @Test
    void attemptsCountUpAndStartAgainAfterAWelcome() {
        assertEquals(new Reconnects.Attempt(1, Duration.ofMillis(100)), reconnects.nextLocked(Decision.RECONNECT, null));
        assertEquals(new Reconnects.Attempt(2, Duration.ofMillis(200)), reconnects.nextLocked(Decision.RECONNECT, null));
        reconnects.welcomedLocked();
        assertEquals(new Reconnects.Attempt(1, Duration.ofMillis(100)), reconnects.nextLocked(Decision.RECONNECT, null));
    }

    @Test
    void tryAgainLaterBacksOffFromFourTimesTheMinimum() {
        assertEquals(Duration.ofMillis(400), reconnects.nextLocked(Decision.BACK_OFF_LONGER, null).delay());
        assertEquals(Duration.ofMillis(800), reconnects.nextLocked(Decision.BACK_OFF_LONGER, null).delay());
        assertEquals(Duration.ofSeconds(1), reconnects.nextLocked(Decision.BACK_OFF_LONGER, null).delay());
    }

    @Test
    void retryAfterIsAFloorNotACeiling() {
        assertEquals(Duration.ofSeconds(3), reconnects.nextLocked(Decision.BACK_OFF_LONGER, Duration.ofSeconds(3)).delay());
        assertEquals(Duration.ofMillis(800), reconnects.nextLocked(Decision.BACK_OFF_LONGER, Duration.ofMillis(1)).delay());
    }
}
