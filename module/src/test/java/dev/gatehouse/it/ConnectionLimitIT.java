package dev.gatehouse.it;

import static dev.gatehouse.it.HandshakeRefusals.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.testkit.RawUpgrade;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Connections beyond {@code gatehouse.max-connections}, or beyond
 * {@code gatehouse.max-connections-per-user} for one user, are refused before the upgrade with 503
 * or 429 and {@code CONNECTION_LIMIT}; the connections already open are undisturbed, and room
 * that frees up is usable at once.
 */
class ConnectionLimitIT {

    @Test
    void socketBeyondTheServersLimitGets503AndTheOthersCarryOn() {
        try (TestServer server = TestServer.start(c -> c.maxConnections(2), g -> { });
                TestClient first = TestClient.connectWelcomed(server.uri(), TestServer.token("limit-a"));
                TestClient second = TestClient.connectWelcomed(server.uri(), TestServer.token("limit-b"))) {
            RawUpgrade.Response refused = RawUpgrade.send(server.uri(),
                    Map.of("Authorization", "Bearer " + TestServer.token("limit-c")));
            assertRefused(refused, 503, null, "CONNECTION_LIMIT");
            assertEquals("5", refused.header("Retry-After"));
            first.assertOpen();
            second.assertOpen();
            second.closeAndAwait();
            assertEquals(101, upgradeOnceThereIsRoom(server, "limit-c").status(), "room freed by a close is usable");
        }
    }

    @Test
    void connectionBeyondTheUsersLimitGets429AndOtherUsersStillConnect() {
        try (TestServer server = TestServer.start(c -> c.maxConnectionsPerUser(2), g -> { });
                TestClient tab1 = TestClient.connectWelcomed(server.uri(), TestServer.token("greedy"));
                TestClient tab2 = TestClient.connectWelcomed(server.uri(), TestServer.token("greedy"))) {
            RawUpgrade.Response refused = RawUpgrade.send(server.uri(),
                    Map.of("Authorization", "Bearer " + TestServer.token("greedy")));
            assertRefused(refused, 429, null, "CONNECTION_LIMIT");
            try (TestClient other = TestClient.connectWelcomed(server.uri(), TestServer.token("modest"))) {
                other.assertOpen();
            }
            tab1.assertOpen();
            tab2.assertOpen();
        }
    }

    /** The server counts a socket until it has seen it close, a moment after the close handshake. */
    private static RawUpgrade.Response upgradeOnceThereIsRoom(TestServer server, String user) {
        long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
        RawUpgrade.Response r;
        do {
            r = RawUpgrade.send(server.uri(), Map.of("Authorization", "Bearer " + TestServer.token(user)));
        } while (r.status() == 503 && System.nanoTime() < deadline);
        return r;
    }
}
