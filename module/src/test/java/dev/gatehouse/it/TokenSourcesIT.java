package dev.gatehouse.it;

import static dev.gatehouse.it.HandshakeRefusals.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.testkit.RawUpgrade;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The default token sources (PROTOCOL.md §1.1): header and subprotocol entries; not the query. */
class TokenSourcesIT {
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
    void authorizationHeaderTokenIsAccepted() {
        try (TestClient client = TestClient.connect(server.uri(), TestServer.token("alice"))) {
            assertWelcomedAs(client, "alice");
        }
    }

    @Test
    void bearerSubprotocolTokenIsAcceptedAndThePlainSubprotocolIsNegotiated() {
        String token = TestServer.token("bob");
        try (TestClient client = TestClient.connect(server.uri(), Map.of(), List.of("gatehouse.v1", "bearer." + token))) {
            assertEquals("gatehouse.v1", client.subprotocol());
            assertWelcomedAs(client, "bob");
        }
    }

    @Test
    void tokenEntryOfferedFirstIsStillNeverNegotiated() {
        String token = TestServer.token("bob");
        try (TestClient client = TestClient.connect(server.uri(), Map.of(), List.of("bearer." + token, "gatehouse.v1"))) {
            assertEquals("gatehouse.v1", client.subprotocol());
            assertWelcomedAs(client, "bob");
        }
    }

    @Test
    void base64urlEncodedJwtSubprotocolTokenIsAccepted() {
        String token = TestServer.token("carol");
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(token.getBytes(StandardCharsets.UTF_8));
        try (TestClient client = TestClient.connect(server.uri(), Map.of(), List.of("gatehouse.v1", "jwt." + encoded))) {
            assertEquals("gatehouse.v1", client.subprotocol());
            assertWelcomedAs(client, "carol");
        }
    }

    @Test
    void headerWinsOverSubprotocolToken() {
        try (TestClient client = TestClient.connect(server.uri(),
                Map.of("Authorization", "Bearer " + TestServer.token("dave")),
                List.of("gatehouse.v1", "bearer." + TestServer.token("eve")))) {
            assertWelcomedAs(client, "dave");
        }
    }

    @Test
    void queryParameterTokenIsIgnoredByDefault() {
        URI uri = URI.create(server.uri() + "?access_token=" + TestServer.token("alice"));
        assertRefused(RawUpgrade.send(uri, Map.of()), 401, "Bearer", "NO_TOKEN");
    }

    static void assertWelcomedAs(TestClient client, String user) {
        var welcome = client.next();
        assertEquals("connection_established", welcome.getJsonObject("data").getString("event"));
        assertEquals(user, welcome.getJsonObject("data").getString("user_id"));
        client.assertOpen();
    }
}
