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
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Set;
import org.eclipse.microprofile.jwt.tck.util.TokenUtils.InvalidClaims;
import org.eclipse.microprofile.jwt.tck.util.TokenUtils;
import org.junit.jupiter.api.Test;

/**
 * {@code microprofile-config-verify-decrypt.properties}: a decryption key ({@code /privateKey.pem})
 * and a verification key ({@code /publicKey4k.pem}), so only signed-then-encrypted tokens are
 * accepted. The token checks of the TCK's RolesAllowedSignEncryptTest.
 */
class TckDecryptTest {
    private static final PrivateKey SIGNER = Tck.privateKey("/privateKey4k.pem");
    private static final PublicKey ENCRYPTOR = Tck.publicKey("/publicKey.pem");

    private final TokenVerifier verifier = Tck.verifier(Tck.configFile("verify-decrypt"));

    @Test
    void signedThenEncryptedTokenWithCtyJwtIsAccepted() {
        assertAcceptedToken1(verifier.verify(signEncrypt("/Token1.json", true)));
    }

    @Test
    void signedThenEncryptedToken2IsAcceptedWithItsOwnGroups() {
        VerifiedToken token = assertInstanceOf(Verification.Accepted.class, verifier.verify(signEncrypt("/Token2.json", true))).token();

        assertEquals("24400320#2", token.subject());
        assertEquals(Set.of("Echoer2", "Tester", "Token2Role", "group1.2", "group2.2"), token.groups());
    }

    @Test
    void signedThenEncryptedTokenWithoutCtyIsRefused() {
        String token = signEncrypt("/Token1.json", false);

        assertEquals("encrypted token must declare its nested JWT with the cty header JWT",
                assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token), token));
    }

    @Test
    void signedTokenIsRefusedBecauseItMustBeEncrypted() {
        String token = call(() -> TokenUtils.signClaims(SIGNER, "/Token1.json", "/Token1.json", null, null));

        assertEquals("token must be encrypted", assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token), token));
    }

    @Test
    void encryptedClaimsWithoutSignatureAreRefused() {
        String token = call(() -> TokenUtils.encryptClaims("/Token1.json"));

        assertEquals("encrypted token must contain a signed JWT", assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token), token));
    }

    @Test
    void tokenEncryptedForAnotherKeyIsRefusedAsUndecryptable() {
        String token = call(() -> TokenUtils.encryptClaims(ENCRYPTOR, null, "/Token1.json", Set.of(InvalidClaims.ENCRYPTOR), null));

        assertEquals("token could not be decrypted", assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token), token));
    }

    @Test
    void nestedTokenSignedByAnotherKeyIsRefused() {
        PrivateKey stranger = call(() -> TokenUtils.generateKeyPair(2048)).getPrivate();
        String token = call(() -> TokenUtils.signEncryptClaims(stranger, null, ENCRYPTOR, null, "/Token1.json", true));

        assertEquals("signature does not match", assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token), token));
    }

    @Test
    void tamperedCiphertextIsRefusedAsUndecryptable() {
        String token = signEncrypt("/Token1.json", true);
        String[] parts = token.split("\\.");
        char last = parts[3].charAt(10);
        parts[3] = parts[3].substring(0, 10) + (last == 'A' ? 'B' : 'A') + parts[3].substring(11);
        String tampered = String.join(".", parts);

        assertEquals("token could not be decrypted", assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(tampered), tampered));
    }

    private static String signEncrypt(String claims, boolean cty) {
        return call(() -> TokenUtils.signEncryptClaims(SIGNER, null, ENCRYPTOR, null, claims, cty));
    }
}
