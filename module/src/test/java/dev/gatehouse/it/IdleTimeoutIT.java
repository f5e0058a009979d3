package dev.gatehouse.it;

import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A connection without client frames for {@code idleTimeout} is closed 1000 IDLE_TIMEOUT. */
class IdleTimeoutIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.idleTimeout(Duration.ofSeconds(1)), g -> { });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void idleConnectionIsClosedWithIdleTimeout() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"))) {
            client.assertClosed(1000, "IDLE_TIMEOUT");
        }
    }
}
