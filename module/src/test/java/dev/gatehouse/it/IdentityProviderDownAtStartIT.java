package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.testkit.JwksServer;
import dev.gatehouse.testkit.RawUpgrade;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestKeys;
import dev.gatehouse.testkit.TestServer;
import dev.gatehouse.testkit.TestTokens;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The identity provider is down when the server starts: the server starts, reports not ready on
 * {@code /health/ready} ({@code gatehouse-keys} DOWN), refuses handshakes with 503 and
 * {@code Retry-After} as {@code SERVICE_UNAVAILABLE} (the token is not at fault), and once the JWKS
 * comes up is ready and welcomes the same token.
 */
class IdentityProviderDownAtStartIT {
    private static final KeyPair KEY = TestKeys.rsa();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void serverStartsNotReadyRefusesHandshakesAs503AndServesOnceTheJwksComesUp() throws Exception {
        String token = TestTokens.signedWith(KEY.getPrivate(), "RS256").kid("k1").subject("alice")
                .expiresIn(Duration.ofHours(1)).compact();
        try (JwksServer idp = JwksServer.serving(TestKeys.jwks(Map.of("k1", KEY.getPublic())))) {
            idp.goAway();
            try (TestServer server = TestServer.start(c -> c.publicKeyLocation(idp.url())
                    .jwksAllowHttp(true).jwksRefreshInterval(Duration.ofMillis(200)), g -> { })) {
                HttpResponse<String> notReady = get(server, "/health/ready");
                assertEquals(503, notReady.statusCode());
                JsonObject keys = check(notReady, "gatehouse-keys");
                assertEquals("DOWN", keys.getString("status"));
                assertTrue(keys.getJsonObject("data").getString("reason").startsWith("no key set yet"), keys.toString());

                RawUpgrade.Response refused = RawUpgrade.send(server.uri(), Map.of("Authorization", "Bearer " + token));
                assertEquals(503, refused.status(), refused.raw());
                assertEquals("5", refused.header("Retry-After"));
                assertNull(refused.header("WWW-Authenticate"), "not a token failure");
                assertEquals("SERVICE_UNAVAILABLE", json(refused.body()).getString("error_code"));
                assertTrue(refused.closedByServer());

                idp.comeBack();
                awaitReady(server);
                try (TestClient client = TestClient.connectWelcomed(server.uri(), token)) {
                    assertEquals("alice", client.welcome().getJsonObject("data").getString("user_id"));
                }
            }
        }
    }

    private void awaitReady(TestServer server) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        HttpResponse<String> ready = get(server, "/health/ready");
        while (ready.statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            ready = get(server, "/health/ready");
        }
        assertEquals(200, ready.statusCode(), ready.body());
        assertEquals("UP", check(ready, "gatehouse-keys").getString("status"));
    }

    private HttpResponse<String> get(TestServer server, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.uri().getPort() + path);
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject check(HttpResponse<String> health, String name) {
        return json(health.body()).getJsonArray("checks").stream().map(JsonObject.class::cast)
                .filter(c -> c.getString("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + health.body()));
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
