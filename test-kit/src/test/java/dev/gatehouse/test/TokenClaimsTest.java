package dev.gatehouse.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.GatehouseConfig;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The claims a minted token carries: the configured ones, times from the tokens' clock, and what the test adjusts. */
class TokenClaimsTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final TestTokens TOKENS = TestTokens.forServer(GatehouseConfig.from(ConfigSource.of(Map.of(
            "gatehouse.jwt.secret", "a-secret-of-at-least-256-bits-for-hs256!!",
            "mp.jwt.verify.issuer", "https://issuer.example"))).build()).withClock(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aValidTokenIsIssuedNowAndLivesAnHour() {
        JsonObject claims = payload(TOKENS.valid("alice"));
        assertEquals("alice", claims.getString("sub"));
        assertEquals("https://issuer.example", claims.getString("iss"));
        assertEquals(NOW.getEpochSecond(), claims.getJsonNumber("iat").longValue());
        assertEquals(NOW.plus(TestTokens.LIFETIME).getEpochSecond(), claims.getJsonNumber("exp").longValue());
    }

    @Test
    void anExpiredTokenWasIssuedBeforeItExpired() {
        JsonObject claims = payload(TOKENS.expired("alice"));
        assertTrue(claims.getJsonNumber("iat").longValue() < claims.getJsonNumber("exp").longValue(), claims.toString());
        assertTrue(claims.getJsonNumber("exp").longValue() < NOW.getEpochSecond(), claims.toString());
    }

    @Test
    void theTestAdjustsLifetimeGroupsAndAnyClaim() {
        JsonObject claims = payload(TOKENS.token("bob").expiresIn(Duration.ofSeconds(5)).groups("staff", "ops")
                .claim("tenant", "acme").compact());
        assertEquals(NOW.plusSeconds(5).getEpochSecond(), claims.getJsonNumber("exp").longValue());
        assertEquals(Json.createArrayBuilder().add("staff").add("ops").build(), claims.getJsonArray("groups"));
        assertEquals("acme", claims.getString("tenant"));
    }

    @Test
    void aConfigurationWithoutASecretNeedsThePrivateKey() {
        GatehouseConfig publicKey = GatehouseConfig.from(ConfigSource.of(Map.of("mp.jwt.verify.publickey.location", "/keys/public.pem"))).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TestTokens.forServer(publicKey));
        assertTrue(e.getMessage().contains("forServer(config, privateKey)"), e.getMessage());
    }

    private static JsonObject payload(String token) {
        String json = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        return Json.createReader(new StringReader(json)).readObject();
    }
}
