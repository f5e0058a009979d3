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
 * Short-lived tokens: warning ahead of exp, TOKEN_EXPIRED and 1008 at exp (no clock skew here; see
 * {@link ClockSkewIT}), and {@code auth_refresh} (PROTOCOL.md §3.2, §4).
 */
class SessionExpiryIT {
    private static final Duration LIFETIME = Duration.ofSeconds(3);
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.expiryWarning(Duration.ofSeconds(1))
                .hmacSecret(TestServer.SECRET).clockSkew(Duration.ZERO), g -> { });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void sessionExpiringArrivesAheadThenTokenExpiredCloses1008() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice", LIFETIME))) {
            assertExpiresAsAnnounced(client, tokenExpiresAt(client));
        }
    }

    @Test
    void refreshWithNewTokenForSameSubjectExtendsTheSession() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice", LIFETIME))) {
            Instant oldExpiry = tokenExpiresAt(client);
            client.send("auth_refresh", "r1", Json.createObjectBuilder().add("token", TestServer.token("alice")).build());
            JsonObject refreshed = client.next();
            assertEquals("system_message", refreshed.getString("type"), refreshed.toString());
            assertEquals("token_refreshed", refreshed.getJsonObject("data").getString("event"));
            assertEquals("r1", refreshed.getString("reply_to"));
            Instant newExpiry = Instant.parse(refreshed.getJsonObject("data").getString("expires_at"));
            assertTrue(newExpiry.isAfter(oldExpiry.plus(Duration.ofMinutes(30))), newExpiry + " vs " + oldExpiry);
            // Past the old exp: neither the old warning nor the old close happens.
            client.assertNothingWithin(Duration.between(Instant.now(), oldExpiry).plusSeconds(1));
            client.assertOpen();
        }
    }

    @Test
    void refreshWithTokenForAnotherSubjectIsRefusedAndTheOldExpiryStands() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice", LIFETIME))) {
            Instant oldExpiry = tokenExpiresAt(client);
            client.send("auth_refresh", "r2", Json.createObjectBuilder().add("token", TestServer.token("mallory")).build());
            assertEquals("r2", client.nextError("INVALID_TOKEN").getString("reply_to"));
            client.assertOpen();
            assertExpiresAsAnnounced(client, oldExpiry);
        }
    }

    @Test
    void refreshWithBadTokenIsRefusedAndTheOldExpiryStands() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice", LIFETIME))) {
            Instant oldExpiry = tokenExpiresAt(client);
            String forged = TestServer.tokenSignedWith("alice", "another-secret-that-is-also-at-least-256-bits!");
            client.send("auth_refresh", "r3", Json.createObjectBuilder().add("token", forged).build());
            JsonObject error = client.nextError("INVALID_TOKEN");
            assertEquals("r3", error.getString("reply_to"));
            assertTrue(!error.toString().contains(forged.substring(forged.lastIndexOf('.') + 1)), error.toString());
            client.assertOpen();
            assertExpiresAsAnnounced(client, oldExpiry);
        }
    }

    private static Instant tokenExpiresAt(TestClient client) {
        return Instant.parse(client.welcome().getJsonObject("data").getString("token_expires_at"));
    }

    private static void assertExpiresAsAnnounced(TestClient client, Instant expiry) {
        JsonObject warning = client.next();
        assertEquals("system_message", warning.getString("type"), warning.toString());
        JsonObject data = warning.getJsonObject("data");
        assertEquals("session_expiring", data.getString("event"));
        assertEquals(expiry, Instant.parse(data.getString("expires_at")));
        int secondsLeft = data.getInt("seconds_left");
        assertTrue(secondsLeft >= 0 && secondsLeft <= 1, "seconds_left " + secondsLeft);
        client.nextError("TOKEN_EXPIRED");
        client.assertClosed(1008, "TOKEN_EXPIRED");
        assertTrue(!Instant.now().isBefore(expiry.minusMillis(200)), "closed before exp " + expiry);
    }
}
