package dev.gatehouse.it;

import static dev.gatehouse.it.HandshakeRefusals.assertNoToken;
import static dev.gatehouse.it.HandshakeRefusals.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.testkit.RawUpgrade;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A token without every required group gets 403 insufficient_scope FORBIDDEN. */
class RequiredGroupRefusalIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.requiredGroups(Set.of("chat", "beta")), g -> { });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void tokenMissingOneRequiredGroupIsRefusedAsForbidden() {
        String token = TestServer.token("alice", Map.of("groups", List.of("chat")));
        RawUpgrade.Response response = RawUpgrade.send(server.uri(), Map.of("Authorization", "Bearer " + token));
        assertRefused(response, 403, "Bearer error=\"insufficient_scope\"", "FORBIDDEN");
        assertNoToken(response, token);
    }

    @Test
    void tokenWithoutGroupsClaimIsRefusedAsForbidden() {
        RawUpgrade.Response response = RawUpgrade.send(server.uri(),
                Map.of("Authorization", "Bearer " + TestServer.token("alice")));
        assertRefused(response, 403, "Bearer error=\"insufficient_scope\"", "FORBIDDEN");
    }

    @Test
    void tokenWithEveryRequiredGroupIsWelcomed() {
        String token = TestServer.token("alice", Map.of("groups", List.of("beta", "chat", "extra")));
        try (TestClient client = TestClient.connectWelcomed(server.uri(), token)) {
            assertEquals("alice", client.welcome().getJsonObject("data").getString("user_id"));
        }
    }
}
