package dev.gatehouse.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tokens minted from the server's own configuration (issuer, audiences, required groups, an
 * algorithm narrowed by configuration) are accepted, and each named refusal is refused as named.
 */
class TokensFromTheServersConfigurationIT {
    @RegisterExtension
    static final GatehouseExtension GATEHOUSE = GatehouseExtension.withHandlers(g -> { })
            .config(Map.of(
                    "gatehouse.jwt.secret", "a-secret-of-at-least-256-bits-for-hs384-and-more-bytes!",
                    "mp.jwt.verify.publickey.algorithm", "HS384",
                    "mp.jwt.verify.issuer", "https://issuer.example",
                    "mp.jwt.verify.audiences", "orders,billing",
                    "gatehouse.auth.required-groups", "staff"));

    @Test
    void aValidTokenCarriesTheConfiguredClaimsAndIsAccepted() {
        String token = GATEHOUSE.tokens().valid("alice");
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
        assertTrue(header.contains("\"HS384\""), header);
        assertTrue(payload.contains("\"iss\":\"https://issuer.example\""), payload);
        assertTrue(payload.contains("\"staff\""), payload);
        assertTrue(payload.contains("orders") && payload.contains("billing"), payload);
        assertEquals(101, Handshakes.upgrade(GATEHOUSE.uri(), token).status());
    }

    @Test
    void anExpiredTokenIsRefusedAsExpired() {
        assertRefused(401, "TOKEN_EXPIRED", GATEHOUSE.tokens().expired("alice"));
    }

    @Test
    void aTokenNotYetValidIsRefusedAsExpired() {
        assertRefused(401, "TOKEN_EXPIRED", GATEHOUSE.tokens().notYetValid("alice"));
    }

    @Test
    void aTokenWithTheWrongSignatureIsRefusedAsInvalid() {
        assertRefused(401, "INVALID_TOKEN", GATEHOUSE.tokens().wrongSignature("alice"));
    }

    @Test
    void aTokenWithoutTheRequiredGroupIsRefusedAsForbidden() {
        assertRefused(403, "FORBIDDEN", GATEHOUSE.tokens().token("alice").groups("guest").compact());
    }

    @Test
    void theWelcomeNamesTheTokensUser(@ConnectAs("carol") TestConnection carol) {
        assertEquals("carol", carol.welcome().userId());
    }

    private static void assertRefused(int status, String code, String token) {
        Handshakes.Outcome outcome = Handshakes.upgrade(GATEHOUSE.uri(), token);
        assertEquals(status, outcome.status(), outcome.body());
        assertTrue(outcome.body().contains("\"" + code + "\""), outcome.body());
    }
}
