package dev.gatehouse.internal.handshake.jwt;

import static dev.gatehouse.internal.handshake.jwt.Outcomes.assertAccepted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.VerifiedToken;
import dev.gatehouse.spi.TokenVerifier;
import dev.gatehouse.testkit.TestKeys;
import dev.gatehouse.testkit.TestTokens;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tokens signed with each supported kind of key are accepted, with their claims. */
class AcceptedTokensTest {
    private static final KeyPair RSA = TestKeys.rsa();

    @Test
    void hs256TokenIsAcceptedWithSecret() {
        String secret = TestKeys.secret(32);
        TokenVerifier verifier = create(GatehouseConfig.builder().hmacSecret(secret));

        VerifiedToken token = assertAccepted(verifier.verify(TestTokens.hs256(secret).subject("alice").compact()));

        assertEquals("alice", token.subject());
    }

    @Test
    void rs256TokenIsAcceptedWithInlinePem() {
        TokenVerifier verifier = create(GatehouseConfig.builder().publicKey(TestKeys.pem(RSA.getPublic())));

        assertAccepted(verifier.verify(TestTokens.signedWith(RSA.getPrivate(), "RS256").subject("alice").compact()));
    }

    @Test
    void ps256TokenIsAcceptedWithRsaKey() {
        TokenVerifier verifier = create(GatehouseConfig.builder().publicKey(TestKeys.pem(RSA.getPublic())));

        assertAccepted(verifier.verify(TestTokens.signedWith(RSA.getPrivate(), "PS256").subject("alice").compact()));
    }

    @Test
    void es256TokenIsAcceptedWithPem() {
        KeyPair ec = TestKeys.ec256();
        TokenVerifier verifier = create(GatehouseConfig.builder().publicKey(TestKeys.pem(ec.getPublic())));

        assertAccepted(verifier.verify(TestTokens.signedWith(ec.getPrivate(), "ES256").subject("alice").compact()));
    }

    @Test
    void eddsaTokenIsAcceptedWithEd25519Jwks() {
        KeyPair ed = TestKeys.ed25519();
        TokenVerifier verifier = create(GatehouseConfig.builder().publicKey(TestKeys.jwks(Map.of("ed", ed.getPublic()))));

        assertAccepted(verifier.verify(TestTokens.signedWith(ed.getPrivate(), "EdDSA").kid("ed").subject("alice").compact()));
    }

    @Test
    void eddsaTokenIsAcceptedWithEd25519Pem() {
        KeyPair ed = TestKeys.ed25519();
        TokenVerifier verifier = create(GatehouseConfig.builder().publicKey(TestKeys.pem(ed.getPublic())));

        assertAccepted(verifier.verify(TestTokens.signedWith(ed.getPrivate(), "EdDSA").subject("alice").compact()));
    }

    @Test
    void singleJwkIsAcceptedAsKey() {
        TokenVerifier verifier = create(GatehouseConfig.builder().publicKey(TestKeys.jwk("k1", RSA.getPublic())));

        assertAccepted(verifier.verify(TestTokens.signedWith(RSA.getPrivate(), "RS256").kid("k1").subject("alice").compact()));
    }

    @Test
    void acceptedTokenCarriesSubjectExpiryAndGroups() {
        Instant exp = Instant.now().plus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        TokenVerifier verifier = create(GatehouseConfig.builder().publicKey(TestKeys.pem(RSA.getPublic())));

        VerifiedToken token = assertAccepted(verifier.verify(TestTokens.signedWith(RSA.getPrivate(), "RS256")
                .subject("alice").expiresAt(exp).groups("admin", "chat").compact()));

        assertEquals("alice", token.subject());
        assertEquals(exp, token.expiresAt());
        assertEquals(Set.of("admin", "chat"), token.groups());
    }

    @Test
    void tokenWithoutGroupsHasNoGroups() {
        TokenVerifier verifier = create(GatehouseConfig.builder().publicKey(TestKeys.pem(RSA.getPublic())));

        VerifiedToken token = assertAccepted(verifier.verify(TestTokens.signedWith(RSA.getPrivate(), "RS256").subject("alice").compact()));

        assertEquals(Set.of(), token.groups());
    }

    @Test
    void claimsArePlainUnmodifiableJavaValuesWithoutNulls() {
        Instant exp = Instant.now().plus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        TokenVerifier verifier = create(GatehouseConfig.builder().publicKey(TestKeys.pem(RSA.getPublic())));

        Map<String, Object> claims = assertAccepted(verifier.verify(TestTokens.signedWith(RSA.getPrivate(), "RS256")
                .subject("alice").expiresAt(exp).audience("a", "b")
                .claim("count", 3).claim("ratio", 0.5).claim("admin", true)
                .claim("profile", Map.of("name", "Alice", "tags", Arrays.asList("x", null, 2)))
                .compact())).claims();

        assertEquals("alice", claims.get("sub"));
        assertEquals(exp.getEpochSecond(), claims.get("exp"));
        assertTrue(claims.get("iat") instanceof Long);
        assertEquals(List.of("a", "b"), claims.get("aud"));
        assertEquals(3L, claims.get("count"));
        assertEquals(0.5, claims.get("ratio"));
        assertEquals(true, claims.get("admin"));
        assertEquals(Map.of("name", "Alice", "tags", List.of("x", 2L)), claims.get("profile"));
        assertThrows(UnsupportedOperationException.class, () -> claims.put("sub", "mallory"));
        Map<?, ?> profile = (Map<?, ?>) claims.get("profile");
        assertThrows(UnsupportedOperationException.class, profile::clear);
    }

    private static TokenVerifier create(GatehouseConfig.Builder settings) {
        return JwtTokenVerifier.create(settings.build().jwt(), Clock.systemUTC());
    }
}
