package dev.gatehouse.it;

import dev.gatehouse.testkit.RecordingListener;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;

/** A connection that never becomes ready skips READY: OPEN → CLOSING → CLOSED, one close reported. */
class NotReadyLifecycleIT {
    private static final RecordingListener LIFECYCLE = new RecordingListener();
    /** A user per repetition, so that no other connection's events can be read as this one's. */
    private static final AtomicInteger REPETITION = new AtomicInteger();
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(g -> g.listener(LIFECYCLE).readinessCheck(() -> false));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Repeated: an instant failure used to close the session before the endpoint knew its connection (a race). */
    @RepeatedTest(10)
    void failedReadinessNeverReachesReady() {
        String user = "not-ready-" + REPETITION.incrementAndGet();
        try (TestClient client = TestClient.connect(server.uri(), TestServer.token(user))) {
            client.nextError("SERVICE_UNAVAILABLE");
            client.assertClosed(1013, "SERVICE_UNAVAILABLE");
            String connection = LIFECYCLE.connectionOf(user);
            LIFECYCLE.assertEvents(connection, "CONNECTING->AUTHENTICATED", "AUTHENTICATED->OPEN", "OPEN->CLOSING",
                    "CLOSING->CLOSED");
            LIFECYCLE.assertEvents(connection, "closed 1013 SERVICE_UNAVAILABLE");
            LIFECYCLE.assertNothingMoreWithin(connection, Duration.ofMillis(200));
        }
    }
}
