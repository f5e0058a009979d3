package dev.gatehouse.it;

import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A server stopping while a connection still waits for its readiness checks closes it with 1001. */
class ShutdownBeforeWelcomeIT {

    @Test
    void connectionWaitingForReadinessGets1001WhenTheServerStops() {
        try (TestServer server = TestServer.start(c -> c.readyTimeout(Duration.ofSeconds(30)),
                g -> g.connectionSetup(connection -> new CompletableFuture<Void>()));
             TestClient client = TestClient.connect(server.uri(), TestServer.token("waiting"))) {
            client.assertNothingWithin(Duration.ofMillis(200)); // no welcome: setup never finishes
            server.server().stop();
            client.assertClosed(1001, "SERVER_SHUTDOWN");
        }
    }
}
