package dev.gatehouse.it;

import dev.gatehouse.testkit.RecordingListener;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import java.util.concurrent.CompletableFuture;
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

    @Test
    void stopClosesAConnectionStillWaitingForItsWelcomeWith1001() {
        RecordingListener lifecycle = new RecordingListener();
        try (TestServer server = TestServer.start(g -> g.listener(lifecycle).connectionSetup(c -> new CompletableFuture<Void>()));
                TestClient client = TestClient.connect(server.uri(), TestServer.token("alice"))) {
            lifecycle.assertEvents("alice", "CONNECTING->AUTHENTICATED", "AUTHENTICATED->OPEN");
            server.server().stop();
            client.assertClosed(1001, "SERVER_SHUTDOWN");
        }
    }
}
