package dev.gatehouse.internal.handshake.jwt;

import static dev.gatehouse.internal.handshake.jwt.Outcomes.assertAccepted;
import static dev.gatehouse.internal.handshake.jwt.Outcomes.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.spi.TokenVerifier;
import dev.gatehouse.testkit.TestKeys;
import dev.gatehouse.testkit.TestTokens;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Only a valid signature by an allowed algorithm that fits the key is accepted. */
class SignaturePolicyTest {
    private static final KeyPair RSA = TestKeys.rsa();

    @Test
    void unsecuredTokenIsRejectedAsInvalidToken() {
        String secret = TestKeys.secret(32);
        String token = TestTokens.unsecured().subject("alice").compact();

        for (TokenVerifier verifier : List.of(create(GatehouseConfig.builder().hmacSecret(secret)), rsaVerifier())) {
            assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token), token);
        }
    }

    @Test
    void hmacTokenKeyedWithTheRsaPublicKeyIsRejected() {
        String token = TestTokens.hmac(RSA.getPublic().getEncoded(), "HS256").subject("alice").compact();

        assertEquals("algorithm HS256 is not allowed", assertRejected(ErrorCode.INVALID_TOKEN, rsaVerifier().verify(token), token));
    }

    @Test
    void hmacTokenKeyedWithThePemTextIsRejected() {
        String pem = TestKeys.pem(RSA.getPublic());
        String token = TestTokens.hs256(pem).subject("alice").compact();

        assertRejected(ErrorCode.INVALID_TOKEN, rsaVerifier().verify(token), token);
    }

    @Test
    void es384TokenIsRejectedByP256Key() {
        KeyPair p256 = TestKeys.ec256();
        TokenVerifier verifier = create(GatehouseConfig.builder().publicKey(TestKeys.pem(p256.getPublic())));
        String token = TestTokens.signedWith(TestKeys.ec384().getPrivate(), "ES384").subject("alice").compact();

        assertEquals("algorithm ES384 does not fit the key", assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token), token));
    }

    @Test
    void configuredAlgorithmsNarrowWhatTheKeyAllows() {
        TokenVerifier verifier = create(GatehouseConfig.builder().publicKey(TestKeys.pem(RSA.getPublic())).jwtAlgorithms(List.of("PS256")));
        String rs256 = TestTokens.signedWith(RSA.getPrivate(), "RS256").subject("alice").compact();

        assertAccepted(verifier.verify(TestTokens.signedWith(RSA.getPrivate(), "PS256").subject("alice").compact()));
        assertEquals("algorithm RS256 is not allowed", assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(rs256), rs256));
    }

    @Test
    void hmacAlgorithmLongerThanTheSecretIsRejected() {
        TokenVerifier verifier = create(GatehouseConfig.builder().hmacSecret(TestKeys.secret(48)));
        String token = TestTokens.hmac(TestKeys.secret(64).getBytes(StandardCharsets.UTF_8), "HS512")
                .subject("alice").compact();

        assertEquals("algorithm HS512 does not fit the key", assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token), token));
    }

    @Test
    void hs384TokenIsAcceptedWhenTheSecretIsLongEnough() {
        String secret = TestKeys.secret(48);
        TokenVerifier verifier = create(GatehouseConfig.builder().hmacSecret(secret));

        assertAccepted(verifier.verify(TestTokens.hmac(secret.getBytes(StandardCharsets.UTF_8), "HS384")
                .subject("alice").compact()));
    }

    @Test
    void unknownAlgorithmIsRejectedAsUnsupported() {
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"XY999\"}".getBytes(StandardCharsets.UTF_8));
        String[] parts = TestTokens.signedWith(RSA.getPrivate(), "RS256").subject("alice").compact().split("\\.");
        String token = header + "." + parts[1] + "." + parts[2];

        assertEquals("unsupported algorithm", assertRejected(ErrorCode.INVALID_TOKEN, rsaVerifier().verify(token), token));
    }

    @Test
    void tokenSignedByAnotherKeyIsRejected() {
        String token = TestTokens.signedWith(TestKeys.rsa().getPrivate(), "RS256").subject("alice").compact();

        assertEquals("signature does not match", assertRejected(ErrorCode.INVALID_TOKEN, rsaVerifier().verify(token), token));
    }

    @Test
    void tokenWithAlteredPayloadIsRejected() {
        String token = TestTokens.signedWith(RSA.getPrivate(), "RS256").subject("alice").compact();
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + TestTokens.unsecured().subject("mallory").compact().split("\\.")[1] + "." + parts[2];

        assertEquals("signature does not match", assertRejected(ErrorCode.INVALID_TOKEN, rsaVerifier().verify(forged), forged));
    }

    private static TokenVerifier rsaVerifier() {
        return create(GatehouseConfig.builder().publicKey(TestKeys.pem(RSA.getPublic())));
    }

    private static TokenVerifier create(GatehouseConfig.Builder settings) {
        return JwtTokenVerifier.create(settings.build().jwt(), Clock.systemUTC());
    }
}
