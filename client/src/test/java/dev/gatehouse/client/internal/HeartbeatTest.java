package dev.gatehouse.client.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The silence verdict: dead only after the interval plus the margin without anything from the server. */
class HeartbeatTest {
    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final Duration MARGIN = Duration.ofSeconds(10);

    private final ClientThreads threads = new ClientThreads();
    private final Socket socket = new Socket(null, "token");
    private final Heartbeat heartbeat = Heartbeat.startLocked(socket, INTERVAL, MARGIN, threads, h -> { });

    @AfterEach
    void finish() {
        heartbeat.stopLocked();
        threads.finish();
    }

    @Test
    void serverHeardWithinIntervalPlusMarginIsAlive() {
        long now = System.nanoTime();
        socket.lastReceived = now - INTERVAL.plus(MARGIN).toNanos() + 1;

        assertFalse(heartbeat.beatLocked(now));
    }

    @Test
    void serverSilentForLongerIsDead() {
        long now = System.nanoTime();
        socket.lastReceived = now - INTERVAL.plus(MARGIN).toNanos() - 1;

        assertTrue(heartbeat.beatLocked(now));
    }

    @Test
    void noIntervalNoHeartbeat() {
        assertNull(Heartbeat.startLocked(socket, Duration.ZERO, MARGIN, threads, h -> { }));
    }
}
