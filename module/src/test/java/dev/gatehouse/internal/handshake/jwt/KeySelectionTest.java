package dev.gatehouse.internal.handshake.jwt;

import static dev.gatehouse.internal.handshake.jwt.Outcomes.assertAccepted;
import static dev.gatehouse.internal.handshake.jwt.Outcomes.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.spi.TokenVerifier;
import dev.gatehouse.testkit.TestKeys;
import dev.gatehouse.testkit.TestTokens;
import java.security.KeyPair;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A JWKS key is chosen by the token's {@code kid}. */
class KeySelectionTest {
    private static final KeyPair RSA = TestKeys.rsa();
    private static final KeyPair EC = TestKeys.ec256();

    @Test
    void jwksWithTwoKeysSelectsEachByKid() {
        TokenVerifier verifier = create(twoKeyJwks());

        assertAccepted(verifier.verify(TestTokens.signedWith(RSA.getPrivate(), "RS256").kid("rsa").subject("a").compact()));
        assertAccepted(verifier.verify(TestTokens.signedWith(EC.getPrivate(), "ES256").kid("ec").subject("a").compact()));
    }

    @Test
    void tokenNamingTheOtherKeysKidIsRejected() {
        TokenVerifier verifier = create(twoKeyJwks());
        String token = TestTokens.signedWith(RSA.getPrivate(), "RS256").kid("ec").subject("a").compact();

        assertEquals("algorithm RS256 does not fit the key", assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token), token));
    }

    @Test
    void unknownKidIsRejected() {
        TokenVerifier verifier = create(twoKeyJwks());
        String token = TestTokens.signedWith(RSA.getPrivate(), "RS256").kid("elsewhere").subject("a").compact();

        assertEquals("unknown kid", assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token), token));
    }

    @Test
    void tokenWithoutKidIsRejectedWhenSeveralKeysAreConfigured() {
        TokenVerifier verifier = create(twoKeyJwks());
        String token = TestTokens.signedWith(RSA.getPrivate(), "RS256").subject("a").compact();

        assertEquals("token has no kid and several keys are configured",
                assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token), token));
    }

    @Test
    void tokenWithoutKidUsesTheOnlyKeyOfAJwks() {
        TokenVerifier verifier = create(TestKeys.jwks(Map.of("rsa", RSA.getPublic())));

        assertAccepted(verifier.verify(TestTokens.signedWith(RSA.getPrivate(), "RS256").subject("a").compact()));
    }

    @Test
    void pemKeyWithoutIdServesAnyKid() {
        TokenVerifier verifier = create(TestKeys.pem(RSA.getPublic()));

        assertAccepted(verifier.verify(TestTokens.signedWith(RSA.getPrivate(), "RS256").kid("whatever").subject("a").compact()));
    }

    @Test
    void jwkDeclaringAnAlgorithmVerifiesOnlyThatAlgorithm() {
        String jwk = TestKeys.jwk("rsa", RSA.getPublic()).replaceFirst("\\{", "{\"alg\":\"PS256\",");
        TokenVerifier verifier = create(jwk);
        String rs256 = TestTokens.signedWith(RSA.getPrivate(), "RS256").kid("rsa").subject("a").compact();

        assertAccepted(verifier.verify(TestTokens.signedWith(RSA.getPrivate(), "PS256").kid("rsa").subject("a").compact()));
        assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(rs256), rs256);
    }

    private static String twoKeyJwks() {
        Map<String, java.security.PublicKey> keys = new LinkedHashMap<>();
        keys.put("rsa", RSA.getPublic());
        keys.put("ec", EC.getPublic());
        return TestKeys.jwks(keys);
    }

    private static TokenVerifier create(String publicKey) {
        return JwtTokenVerifier.create(GatehouseConfig.builder().publicKey(publicKey).build().jwt(), Clock.systemUTC());
    }
}
