package dev.gatehouse.it;

import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import org.junit.jupiter.api.Test;

/** Stopping the server closes every client with 1001 SERVER_SHUTDOWN, not an abrupt 1006. */
class ShutdownIT {

    @Test
    void stopClosesEveryConnectionWith1001() {
        try (TestServer server = TestServer.start(g -> { });
                TestClient alice = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"));
                TestClient alice2 = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"));
                TestClient bob = TestClient.connectWelcomed(server.uri(), TestServer.token("bob"))) {
            server.server().stop();
            alice.assertClosed(1001, "SERVER_SHUTDOWN");
            alice2.assertClosed(1001, "SERVER_SHUTDOWN");
            bob.assertClosed(1001, "SERVER_SHUTDOWN");
        }
    }
}
