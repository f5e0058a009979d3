package dev.gatehouse.internal.handshake.jwt.tck;

import static dev.gatehouse.internal.handshake.jwt.tck.Tck.assertAcceptedToken1;
import static dev.gatehouse.internal.handshake.jwt.tck.Tck.assertRejected;
import static dev.gatehouse.internal.handshake.jwt.tck.Tck.call;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.spi.TokenVerifier;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.tck.util.TokenUtils.InvalidClaims;
import org.eclipse.microprofile.jwt.tck.util.TokenUtils;
import org.junit.jupiter.api.Test;

/**
 * Only {@code mp.jwt.decrypt.key.location} set: MP JWT 2.1 then accepts only tokens whose encrypted
 * content is the claims themselves (TokenUtils.encryptClaims). No TCK configuration file covers it;
 * the keys and tokens are the TCK's.
 */
class TckEncryptedOnlyTest {
    private final TokenVerifier verifier = Tck.verifier(Map.of(
            "mp.jwt.decrypt.key.location", "/privateKey.pem", "mp.jwt.verify.issuer", Tck.ISSUER));

    @Test
    void encryptedClaimsAreAccepted() {
        assertAcceptedToken1(verifier.verify(call(() -> TokenUtils.encryptClaims("/Token1.json"))));
    }

    @Test
    void expiredEncryptedClaimsAreRefusedAsTokenExpired() {
        String token = call(() -> TokenUtils.encryptClaims("/Token1.json", Set.of(InvalidClaims.EXP)));

        assertRejected(ErrorCode.TOKEN_EXPIRED, verifier.verify(token), token);
    }

    @Test
    void encryptedClaimsOfAnotherIssuerAreRefused() {
        String token = call(() -> TokenUtils.encryptClaims("/Token1.json", Set.of(InvalidClaims.ISSUER)));

        assertEquals("issuer is not accepted", assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token), token));
    }

    @Test
    void signedThenEncryptedTokenIsRefusedForWantOfAVerificationKey() {
        String token = call(() -> TokenUtils.signEncryptClaims("/Token1.json"));

        assertEquals("encrypted token must contain JSON claims", assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token), token));
    }

    @Test
    void signedTokenIsRefusedBecauseItMustBeEncrypted() {
        String token = call(() -> TokenUtils.signClaims("/Token1.json"));

        assertEquals("token must be encrypted", assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token), token));
    }

    @Test
    void claimsEncryptedWithAnAesKeyAreRefused() {
        String token = call(() -> TokenUtils.encryptClaims("/Token1.json", Set.of(InvalidClaims.ALG)));

        assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token), token);
    }
}
