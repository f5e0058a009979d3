package dev.gatehouse.internal.handshake.jwt;

import static dev.gatehouse.internal.handshake.jwt.Outcomes.assertAccepted;
import static dev.gatehouse.internal.handshake.jwt.Outcomes.assertRejected;
import static dev.gatehouse.internal.handshake.jwt.Outcomes.assertRejectedWithoutToken;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.spi.TokenVerifier;
import dev.gatehouse.testkit.TestKeys;
import dev.gatehouse.testkit.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code sub}, {@code exp}, {@code iss} and {@code aud} are required as configured; anything unparseable is an invalid token. */
class ClaimRequirementsTest {
    private static final String SECRET = TestKeys.secret(32);

    private final TokenVerifier plain = create(GatehouseConfig.builder().hmacSecret(SECRET));
    private final TokenVerifier strict = create(GatehouseConfig.builder().hmacSecret(SECRET)
            .issuer("https://issuer.example").audiences(Set.of("chat", "admin")));

    @Test
    void missingSubjectIsRejectedAsInvalidToken() {
        String token = TestTokens.hs256(SECRET).compact();

        assertEquals("token has no sub claim", assertRejected(ErrorCode.INVALID_TOKEN, plain.verify(token), token));
    }

    @Test
    void blankSubjectIsRejectedAsInvalidToken() {
        String token = TestTokens.hs256(SECRET).subject(" ").compact();

        assertEquals("token has no sub claim", assertRejected(ErrorCode.INVALID_TOKEN, plain.verify(token), token));
    }

    @Test
    void missingExpiryIsRejectedAsInvalidToken() {
        String token = TestTokens.hs256(SECRET).subject("alice").withoutExpiry().compact();

        assertEquals("token has no exp claim", assertRejected(ErrorCode.INVALID_TOKEN, plain.verify(token), token));
    }

    @Test
    void matchingIssuerAndOneMatchingAudienceAreAccepted() {
        assertAccepted(strict.verify(valid().audience("other", "chat").compact()));
    }

    @Test
    void audienceAsSingleStringIsAccepted() {
        assertAccepted(strict.verify(valid().audience("admin").compact()));
    }

    @Test
    void wrongIssuerIsRejectedAsInvalidToken() {
        String token = valid().issuer("https://evil.example").compact();

        assertEquals("issuer is not accepted", assertRejected(ErrorCode.INVALID_TOKEN, strict.verify(token), token));
    }

    @Test
    void missingIssuerIsRejectedWhenOneIsRequired() {
        String token = TestTokens.hs256(SECRET).subject("alice").audience("chat").compact();

        assertEquals("issuer is not accepted", assertRejected(ErrorCode.INVALID_TOKEN, strict.verify(token), token));
    }

    @Test
    void wrongAudienceIsRejectedAsInvalidToken() {
        String token = valid().audience("billing", "reports").compact();

        assertEquals("audience is not accepted", assertRejected(ErrorCode.INVALID_TOKEN, strict.verify(token), token));
    }

    @Test
    void missingAudienceIsRejectedWhenOneIsRequired() {
        String token = valid().compact();

        assertEquals("audience is not accepted", assertRejected(ErrorCode.INVALID_TOKEN, strict.verify(token), token));
    }

    @Test
    void groupsOfAnotherShapeAreRejected() {
        String token = TestTokens.hs256(SECRET).subject("alice").claim("groups", List.of("a", 5)).compact();

        assertEquals("groups claim must be an array of strings", assertRejected(ErrorCode.INVALID_TOKEN, plain.verify(token), token));
    }

    @Test
    void garbageIsRejectedAsInvalidToken() {
        String hs256 = base64Url("{\"alg\":\"HS256\"}");
        String payload = TestTokens.hs256(SECRET).subject("alice").compact().split("\\.")[1];
        for (String garbage : List.of("garbage", "a.b.c", "", "   ", "....", hs256 + ".e30.", hs256 + ".%%%.abc",
                hs256 + "." + payload, "Bearer " + TestTokens.hs256(SECRET).subject("alice").compact(),
                base64Url("{\"typ\":\"JWT\"}") + "." + payload + ".c2ln",
                base64Url("{\"alg\":\"XY999\"}") + "." + payload + ".c2ln",
                base64Url("{\"alg\":null}") + "." + payload + ".c2ln",
                base64Url("[1]") + "." + payload + ".c2ln")) {
            assertRejected(ErrorCode.INVALID_TOKEN, plain.verify(garbage), garbage);
        }
    }

    @Test
    void rejectionMessagesNeverContainTheToken() {
        List<String> tokens = List.of(
                TestTokens.hs256(SECRET).compact(),
                TestTokens.hs256(SECRET).subject("alice").withoutExpiry().compact(),
                valid().issuer("https://evil.example").audience("chat").compact(),
                valid().audience("evil").compact(),
                TestTokens.hs256(TestKeys.secret(32)).subject("alice").compact(),
                TestTokens.unsecured().subject("alice").compact(),
                TestTokens.hs256(SECRET).subject("alice").kid("some-kid-value").expiresIn(Duration.ofHours(-1)).compact());
        for (String token : tokens) {
            assertRejectedWithoutToken(strict.verify(token), token);
        }
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static TestTokens valid() {
        return TestTokens.hs256(SECRET).subject("alice").issuer("https://issuer.example");
    }

    private static TokenVerifier create(GatehouseConfig.Builder settings) {
        return JwtTokenVerifier.create(settings.build().jwt(), Clock.systemUTC());
    }
}
