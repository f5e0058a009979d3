package dev.gatehouse.client.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenExpiryTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private static String token(String payload) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    @Test
    void passedExpIsSeen() {
        assertTrue(TokenExpiry.hasPassed(token("{\"sub\":\"a\",\"exp\":" + (NOW.getEpochSecond() - 1) + "}"), NOW));
    }

    @Test
    void futureExpOrNoneIsNot() {
        assertFalse(TokenExpiry.hasPassed(token("{\"exp\":" + (NOW.getEpochSecond() + 60) + "}"), NOW));
        assertFalse(TokenExpiry.hasPassed(token("{\"sub\":\"a\"}"), NOW));
    }

    @Test
    void somethingThatIsNoJwtIsNotExpired() {
        assertFalse(TokenExpiry.hasPassed("opaque-token", NOW));
        assertFalse(TokenExpiry.hasPassed("a.!!!.c", NOW));
        assertFalse(TokenExpiry.hasPassed(token("not json"), NOW));
        assertFalse(TokenExpiry.hasPassed(null, NOW));
    }
}
