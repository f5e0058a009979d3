package dev.gatehouse.internal.handshake.jwt;

import static dev.gatehouse.internal.handshake.jwt.Outcomes.assertAccepted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.JwtSettings;
import dev.gatehouse.spi.TokenVerifier;
import dev.gatehouse.spi.Verification;
import dev.gatehouse.testkit.TestKeys;
import dev.gatehouse.testkit.TestTokens;
import java.security.KeyPair;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ES256 and EdDSA tokens verify the same with the optional Bouncy Castle provider (on this test
 * class path) and without it, and Bouncy Castle never widens what is accepted.
 */
class BouncyCastleVerificationTest {
    private static final KeyPair EC = TestKeys.ec256();
    private static final KeyPair ED = TestKeys.ed25519();

    private static TokenVerifier verifier(KeyPair pair, boolean bouncyCastle) {
        JwtSettings settings = GatehouseConfig.builder().publicKey(TestKeys.pem(pair.getPublic())).build().jwt();
        return JwtTokenVerifier.create(settings, Clock.systemUTC(), bouncyCastle);
    }

    private static KeyPair pair(String alg) {
        return alg.equals("ES256") ? EC : ED;
    }

    @Test
    void bouncyCastleIsFoundOnTheClassPath() {
        assertTrue(BouncyCastle.provider().isPresent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ES256", "EdDSA"})
    void tokenIsAcceptedWithAndWithoutBouncyCastle(String alg) {
        String token = TestTokens.signedWith(pair(alg).getPrivate(), alg).subject("alice").compact();
        for (boolean bc : new boolean[] {true, false}) {
            assertEquals("alice", assertAccepted(verifier(pair(alg), bc).verify(token)).subject(), "bc=" + bc);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ES256", "EdDSA"})
    void tokenOfAnotherKeyIsRejectedWithAndWithoutBouncyCastle(String alg) {
        KeyPair other = alg.equals("ES256") ? TestKeys.ec256() : TestKeys.ed25519();
        String token = TestTokens.signedWith(other.getPrivate(), alg).subject("alice").compact();
        for (boolean bc : new boolean[] {true, false}) {
            Verification v = verifier(pair(alg), bc).verify(token);
            assertInstanceOf(Verification.Rejected.class, v, "bc=" + bc);
        }
    }

    @Test
    void keysAreConvertedToBouncyCastleKeyObjectsOnceAtLoad() {
        VerificationKey key = VerificationKey.publicKey(null, EC.getPublic(), null);
        assertNotNull(key.bouncyCastle().get("ES256"));
        assertTrue(key.bouncyCastle().get("ES256").getClass().getName().startsWith("org.bouncycastle."));
        assertEquals(Map.of(), VerificationKey.publicKey(null, TestKeys.rsa().getPublic(), null).bouncyCastle());
    }

    @Test
    void headerAlgIsReadWithoutJsonParsing() {
        String token = TestTokens.signedWith(EC.getPrivate(), "ES256").kid("k1").subject("a").compact();
        assertEquals("ES256", HeaderAlg.peek(token));
        assertEquals(null, HeaderAlg.peek("not-a-token"));
        assertEquals(null, HeaderAlg.peek("!!!.x.y"));
    }
}
