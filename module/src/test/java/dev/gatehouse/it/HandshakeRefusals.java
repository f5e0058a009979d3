package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.testkit.RawUpgrade;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;

/** Assertions shared by the raw-socket refusal tests (PROTOCOL.md §1.3). */
final class HandshakeRefusals {
    /** "Answered at once": generous, so that a slow build machine does not fail it, but far below a hang. */
    static final Duration QUICKLY = Duration.ofSeconds(2);

    private HandshakeRefusals() {
    }

    /**
     * Asserts a complete refusal: status, exact {@code WWW-Authenticate} (null: absent), JSON body with
     * the code and a message, {@code Connection: close}, no upgrade, socket closed, answered quickly.
     */
    static void assertRefused(RawUpgrade.Response response, int status, String wwwAuthenticate, String errorCode) {
        assertEquals(status, response.status(), response.raw());
        assertEquals(wwwAuthenticate, response.header("WWW-Authenticate"), response.raw());
        assertEquals("close", response.header("Connection"), response.raw());
        assertNull(response.header("Upgrade"), response.raw());
        assertNull(response.header("Sec-WebSocket-Accept"), response.raw());
        assertTrue(String.valueOf(response.header("Content-Type")).startsWith("application/json"), response.raw());
        JsonObject body = Json.createReader(new StringReader(response.body())).readObject();
        assertEquals(errorCode, body.getString("error_code"), response.raw());
        assertFalse(body.getString("error_message").isBlank(), response.raw());
        assertTrue(response.closedByServer(), "The server must close the socket after refusing");
        assertTrue(response.elapsed().compareTo(QUICKLY) < 0, "Refusal took " + response.elapsed());
    }

    /** Asserts that the answer does not echo the token anywhere. */
    static void assertNoToken(RawUpgrade.Response response, String token) {
        assertFalse(response.raw().contains(token), "The refusal echoes the token: " + response.raw());
        String signature = token.substring(token.lastIndexOf('.') + 1);
        if (!signature.isEmpty()) {
            assertFalse(response.raw().contains(signature), "The refusal echoes the token's signature");
        }
    }
}
