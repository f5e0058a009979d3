package dev.gatehouse.internal.handshake.jwt.tck;

import static dev.gatehouse.internal.handshake.jwt.tck.Tck.assertAcceptedToken1;
import static dev.gatehouse.internal.handshake.jwt.tck.Tck.assertRejected;
import static dev.gatehouse.internal.handshake.jwt.tck.Tck.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.VerifiedToken;
import dev.gatehouse.spi.TokenVerifier;
import dev.gatehouse.spi.Verification;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.tck.util.SignatureAlgorithm;
import org.eclipse.microprofile.jwt.tck.util.TokenUtils.InvalidClaims;
import org.eclipse.microprofile.jwt.tck.util.TokenUtils;
import org.junit.jupiter.api.Test;

/**
 * {@code microprofile-config-publickey-location.properties}: {@code mp.jwt.verify.publickey.location=/publicKey.pem}
 * (no scheme: not a file here, so the class path resource) and the TCK issuer. The cases of the TCK's
 * InvalidTokenTest, EmptyTokenTest, RequiredClaimsTest and the token checks of RolesAllowedTest.
 */
class TckPublicKeyLocationTest {
    private final TokenVerifier verifier = Tck.verifier(Tck.configFile("publickey-location"));

    @Test
    void locationWithoutSchemeIsReadFromTheClassPath() {
        assertEquals("/publicKey.pem", Tck.settings(Tck.configFile("publickey-location")).publicKeyLocation().orElseThrow());
        assertAcceptedToken1(verifier.verify(call(() -> TokenUtils.signClaims("/Token1.json"))));
    }

    @Test
    void tokenWithoutGroupsIsAcceptedWithNoGroups() {
        VerifiedToken token = assertInstanceOf(Verification.Accepted.class,
                verifier.verify(call(() -> TokenUtils.signClaims("/TokenNoGroups.json")))).token();

        assertEquals(Set.of(), token.groups());
    }

    @Test
    void tokenWithOnlyTheRequiredClaimsIsAcceptedWithItsTimes() {
        Map<String, Long> times = new HashMap<>();
        String token = call(() -> TokenUtils.signClaims("/RequiredClaims.json", SignatureAlgorithm.RS256, null, times));

        VerifiedToken verified = assertInstanceOf(Verification.Accepted.class, verifier.verify(token), token).token();

        assertEquals("24400320", verified.subject());
        assertEquals(Instant.ofEpochSecond(times.get("exp")), verified.expiresAt());
        assertEquals(times.get("iat"), verified.claims().get("iat"));
        assertEquals(Set.of("Tester"), verified.groups());
    }

    @Test
    void expiredTokenIsRefusedAsTokenExpired() {
        assertRejected(ErrorCode.TOKEN_EXPIRED, verifier.verify(token1(InvalidClaims.EXP)), token1(InvalidClaims.EXP));
    }

    @Test
    void wrongIssuerIsRefusedAsInvalidToken() {
        String token = token1(InvalidClaims.ISSUER);
        assertEquals("issuer is not accepted", assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token), token));
    }

    @Test
    void tokenSignedByAnotherKeyIsRefusedAsInvalidToken() {
        String token = token1(InvalidClaims.SIGNER);
        assertEquals("signature does not match", assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token), token));
    }

    @Test
    void hmacSignedTokenIsRefusedAsInvalidToken() {
        String token = token1(InvalidClaims.ALG);
        assertEquals("algorithm HS256 is not allowed", assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token), token));
    }

    @Test
    void tokenThatIsNoJwtIsRefusedAsInvalidToken() {
        assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify("something"), "something");
    }

    @Test
    void tokenWithoutExpIsRefusedAsInvalidToken() {
        String token = call(() -> TokenUtils.signClaims(Tck.privateKey("/privateKey.pem"), "1", "/TokenWithoutExp.json",
                Collections.singleton(InvalidClaims.EXP), null));

        assertEquals("token has no exp claim", assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token), token));
    }

    @Test
    void tokenWithoutUpnPreferredUsernameOrSubIsRefusedAsInvalidToken() {
        String token = call(() -> TokenUtils.signClaims("/TokenWithoutName.json"));

        assertEquals("token has no sub claim", assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token), token));
    }

    @Test
    void tokenIssuedAfterItExpiresIsRefusedAsInvalidToken() {
        String token = call(() -> TokenUtils.signClaims(Tck.privateKey("/privateKey.pem"), "1",
                "/TokenWithIatOlderThanExp.json", Collections.singleton(InvalidClaims.IAT), null));

        assertEquals("token is issued after it expires", assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token), token));
    }

    @Test
    void encryptedTokenIsRefusedWhenNoDecryptionKeyIsConfigured() {
        String token = call(() -> TokenUtils.encryptClaims("/Token1.json"));
        assertEquals("not a signed JWT", assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token), token));
    }

    @Test
    void signedThenEncryptedTokenIsRefusedWhenNoDecryptionKeyIsConfigured() {
        String token = call(() -> TokenUtils.signEncryptClaims("/Token1.json"));
        assertEquals("not a signed JWT", assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token), token));
    }

    private static String token1(InvalidClaims invalid) {
        return call(() -> TokenUtils.signClaims("/Token1.json", SignatureAlgorithm.RS256, Set.of(invalid)));
    }
}
