package dev.gatehouse.it;

import static dev.gatehouse.it.HandshakeRefusals.assertNoToken;
import static dev.gatehouse.it.HandshakeRefusals.assertRefused;

import dev.gatehouse.testkit.RawUpgrade;
import dev.gatehouse.testkit.RecordingListener;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With an origin allow-list, other origins get 403 FORBIDDEN_ORIGIN even with a valid token. */
class OriginRefusalIT {
    private static final RecordingListener LIFECYCLE = new RecordingListener();
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.origins(Set.of("https://app.example")), g -> g.listener(LIFECYCLE));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void foreignOriginIsRefusedWith403WithoutWwwAuthenticate() {
        String token = TestServer.token("alice");
        RawUpgrade.Response response = RawUpgrade.send(server.uri(),
                Map.of("Origin", "https://evil.example", "Authorization", "Bearer " + token));
        assertRefused(response, 403, null, "FORBIDDEN_ORIGIN");
        assertNoToken(response, token);
        LIFECYCLE.assertNothingMoreWithin("alice", Duration.ofMillis(100));
    }

    @Test
    void missingOriginIsRefusedWhenAnAllowListIsConfigured() {
        RawUpgrade.Response response = RawUpgrade.send(server.uri(),
                Map.of("Authorization", "Bearer " + TestServer.token("alice")));
        assertRefused(response, 403, null, "FORBIDDEN_ORIGIN");
    }

    @Test
    void allowedOriginIsWelcomed() {
        try (TestClient client = TestClient.connect(server.uri(),
                Map.of("Origin", "https://app.example", "Authorization", "Bearer " + TestServer.token("carol")),
                List.of())) {
            client.next();
            LIFECYCLE.assertEvents("carol", "CONNECTING->AUTHENTICATED", "AUTHENTICATED->OPEN", "OPEN->READY");
        }
    }
}
