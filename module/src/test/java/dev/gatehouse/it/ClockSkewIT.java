package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One clock skew everywhere (the default 30 s): a token accepted within the skew after its
 * {@code exp}, at the upgrade or by {@code auth_refresh}, is warned at once and closed
 * {@code TOKEN_EXPIRED} at {@code exp} + skew, never at once.
 */
class ClockSkewIT {
    /** Past exp by this much: within the skew, with about two seconds of it left. */
    private static final Duration PAST = Duration.ofSeconds(28);
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(g -> { });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void tokenPastItsExpWithinTheSkewIsWelcomedWarnedAndClosedOnlyWhenTheSkewRunsOut() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice", PAST.negated()))) {
            Instant exp = Instant.parse(client.welcome().getJsonObject("data").getString("token_expires_at"));
            assertClosedAtExpPlusSkew(client, exp);
        }
    }

    @Test
    void refreshWithATokenPastItsExpWithinTheSkewIsAcceptedAndClosedOnlyWhenTheSkewRunsOut() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"))) {
            client.send("auth_refresh", "r", Json.createObjectBuilder()
                    .add("token", TestServer.token("alice", PAST.negated())).build());
            JsonObject refreshed = client.next();
            assertEquals("token_refreshed", refreshed.getJsonObject("data").getString("event", null), refreshed.toString());
            assertClosedAtExpPlusSkew(client, Instant.parse(refreshed.getJsonObject("data").getString("expires_at")));
        }
    }

    private static void assertClosedAtExpPlusSkew(TestClient client, Instant exp) {
        JsonObject warning = client.next();
        assertEquals("session_expiring", warning.getJsonObject("data").getString("event", null), warning.toString());
        assertEquals(0, warning.getJsonObject("data").getInt("seconds_left"));
        Instant closeAt = exp.plusSeconds(30);
        client.assertNothingWithin(Duration.between(Instant.now(), closeAt).minusMillis(200));
        client.assertOpen();
        client.nextError("TOKEN_EXPIRED");
        client.assertClosed(1008, "TOKEN_EXPIRED");
        assertTrue(!Instant.now().isBefore(closeAt.minusMillis(200)), "closed before exp + skew: " + closeAt);
    }
}
