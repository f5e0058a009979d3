package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.testkit.RecordingListener;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A {@link dev.gatehouse.spi.LifecycleListener} sees every state of a connection in order and one close. */
class LifecycleTransitionsIT {
    private static final RecordingListener LIFECYCLE = new RecordingListener();
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(g -> g
                .listener(LIFECYCLE)
                .readinessCheck(() -> !Thread.currentThread().getName().isEmpty())
                .handler(FrameHandler.of("bye", JsonObject.class, (d, ctx) -> ctx.connection().close(1000, "BYE"))));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void clientCloseGoesFromReadyStraightToClosedAndIsReportedOnce() {
        TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("lifecycle-client-closes"));
        String connection = LIFECYCLE.connectionOf("lifecycle-client-closes");
        LIFECYCLE.assertEvents(connection, "CONNECTING->AUTHENTICATED", "AUTHENTICATED->OPEN", "OPEN->READY");
        assertEquals(1000, client.closeAndAwait().code());
        LIFECYCLE.assertEvents(connection, "READY->CLOSED", "closed 1000 bye");
        LIFECYCLE.assertNothingMoreWithin(connection, Duration.ofMillis(200));
    }

    @Test
    void serverCloseGoesThroughClosingAndIsReportedOnce() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("lifecycle-server-closes"))) {
            client.send("bye", null, null);
            client.assertClosed(1000, "BYE");
            String connection = LIFECYCLE.connectionOf("lifecycle-server-closes");
            LIFECYCLE.assertEvents(connection, "CONNECTING->AUTHENTICATED", "AUTHENTICATED->OPEN", "OPEN->READY",
                    "READY->CLOSING", "CLOSING->CLOSED");
            LIFECYCLE.assertEvents(connection, "closed 1000 BYE");
            LIFECYCLE.assertNothingMoreWithin(connection, Duration.ofMillis(200));
        }
    }
}
