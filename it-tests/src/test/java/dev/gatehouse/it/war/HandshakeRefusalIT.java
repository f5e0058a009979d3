package dev.gatehouse.it.war;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.it.war.app.EchoHandler;
import dev.gatehouse.testkit.RawUpgrade;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every refused handshake is a real HTTP status with the protocol's JSON body and
 * {@code WWW-Authenticate}, answered at once: never a 500 page, a stack trace, a 404 or a hang.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HandshakeRefusalIT {
    private static final String ALLOWED_ORIGIN = "https://app.example";

    @Deployment(testable = false)
    static WebArchive app() {
        Map<String, String> config = Wars.withKey();
        config.put("mp.jwt.verify.audiences", Wars.AUDIENCE);
        config.put("gatehouse.origins", ALLOWED_ORIGIN);
        return Wars.war("refusals", config, EchoHandler.class);
    }

    @ArquillianResource
    URL base;

    @Test
    void missingTokenIsRefusedWith401AndBearerChallenge() throws IOException {
        RawUpgrade.Response response = upgrade(Map.of("Origin", ALLOWED_ORIGIN));
        assertRefused(response, 401, "NO_TOKEN");
        assertEquals("Bearer", response.header("WWW-Authenticate"));
    }

    @Test
    void badSignatureIsRefusedWith401InvalidToken() throws IOException {
        RawUpgrade.Response response = upgrade(bearer(Tokens.badSignature("mallory")));
        assertRefused(response, 401, "INVALID_TOKEN");
        assertEquals("Bearer error=\"invalid_token\"", response.header("WWW-Authenticate"));
    }

    @Test
    void expiredTokenIsRefusedWith401TokenExpired() throws IOException {
        RawUpgrade.Response response = upgrade(bearer(Tokens.expired("alice")));
        assertRefused(response, 401, "TOKEN_EXPIRED");
        assertEquals("Bearer error=\"invalid_token\"", response.header("WWW-Authenticate"));
    }

    @Test
    void wrongAudienceIsRefusedWith401InvalidToken() throws IOException {
        RawUpgrade.Response response = upgrade(bearer(Tokens.withAudience("alice", "some-other-service")));
        assertRefused(response, 401, "INVALID_TOKEN");
        assertEquals("Bearer error=\"invalid_token\"", response.header("WWW-Authenticate"));
    }

    @Test
    void forbiddenOriginIsRefusedWith403() throws IOException {
        Map<String, String> headers = Map.of(
                "Authorization", "Bearer " + Tokens.withAudience("alice", Wars.AUDIENCE),
                "Origin", "https://evil.example");
        assertRefused(upgrade(headers), 403, "FORBIDDEN_ORIGIN");
    }

    @Test
    void goodTokenFromAllowedOriginIsUpgraded() throws IOException {
        Map<String, String> headers = Map.of(
                "Authorization", "Bearer " + Tokens.withAudience("alice", Wars.AUDIENCE),
                "Origin", ALLOWED_ORIGIN);
        assertEquals(101, upgrade(headers).status());
    }

    private RawUpgrade.Response upgrade(Map<String, String> headers) throws IOException {
        return RawUpgrade.send(URI.create(base.toString()).resolve("ws"), headers);
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token, "Origin", ALLOWED_ORIGIN);
    }

    private static void assertRefused(RawUpgrade.Response response, int status, String code) {
        assertEquals(status, response.status(), response.toString());
        // Payara's Grizzly drops any Content-Type on an answer to an upgrade request (it skips
        // "content modifiers" for upgrades), so the header is only checked where it is sent.
        String contentType = response.header("Content-Type");
        assertTrue(contentType == null || contentType.startsWith("application/json"), response.toString());
        assertFalse(response.headers().containsKey("sec-websocket-accept"), response.toString());
        JsonObject body = Json.createReader(new StringReader(response.body())).readObject();
        assertEquals(code, body.getString("error_code"));
        assertFalse(body.getString("error_message").isBlank());
        assertFalse(response.body().contains("Exception"), response.body());
    }
}
