package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.gatehouse.GatehouseConfig.HandshakeMode;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Diagnostic mode accepts the upgrade, sends one error frame with the code and closes 1008 with it. */
class DiagnosticModeIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.handshakeMode(HandshakeMode.DIAGNOSTIC), g -> { });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void noTokenGetsErrorFrameThenClose1008() {
        try (TestClient client = TestClient.connect(server.uri(), Map.of(), List.of())) {
            client.nextError("NO_TOKEN");
            client.assertClosed(1008, "NO_TOKEN");
        }
    }

    @Test
    void invalidTokenGetsErrorFrameThenClose1008WithoutTheToken() {
        String token = TestServer.tokenSignedWith("alice", "another-secret-that-is-also-at-least-256-bits!");
        try (TestClient client = TestClient.connect(server.uri(), token)) {
            var error = client.nextError("INVALID_TOKEN");
            assertFalse(error.toString().contains(token.substring(token.lastIndexOf('.') + 1)), error.toString());
            client.assertClosed(1008, "INVALID_TOKEN");
        }
    }

    @Test
    void validTokenIsWelcomedAsUsual() {
        try (TestClient client = TestClient.connect(server.uri(), TestServer.token("carol"))) {
            TokenSourcesIT.assertWelcomedAs(client, "carol");
        }
    }
}
