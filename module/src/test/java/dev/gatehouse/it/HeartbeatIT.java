package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A client that answers the server's pings (the JDK client does) stays connected through several heartbeats. */
class HeartbeatIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.heartbeatInterval(Duration.ofSeconds(1)).heartbeatTimeout(Duration.ofMillis(500)), g -> { });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void clientAnsweringPingsStaysOpen() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"))) {
            client.assertNothingWithin(Duration.ofSeconds(3));
            assertTrue(client.pingsReceived() >= 1, "the server sent no heartbeat ping");
            client.assertOpen();
        }
    }
}
