package dev.gatehouse.internal.handshake.jwt.tck;

import static dev.gatehouse.internal.handshake.jwt.tck.Tck.assertAcceptedToken1;
import static dev.gatehouse.internal.handshake.jwt.tck.Tck.assertRejected;
import static dev.gatehouse.internal.handshake.jwt.tck.Tck.call;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.spi.TokenVerifier;
import java.util.List;
import org.eclipse.microprofile.jwt.tck.util.KeyManagementAlgorithm;
import org.eclipse.microprofile.jwt.tck.util.TokenUtils;
import org.junit.jupiter.api.Test;

/**
 * {@code microprofile-config-verify-decrypt-rsa-oaep-256.properties}: {@code mp.jwt.decrypt.key.algorithm=RSA-OAEP-256}.
 * The TCK's RolesAllowedSignEncryptRsaOaep256Test.
 */
class TckDecryptRsaOaep256Test {
    private final TokenVerifier verifier = Tck.verifier(Tck.configFile("verify-decrypt-rsa-oaep-256"));

    @Test
    void algorithmIsReadFromTheProperty() {
        assertEquals(List.of("RSA-OAEP-256"), Tck.settings(Tck.configFile("verify-decrypt-rsa-oaep-256")).decryptAlgorithms());
    }

    @Test
    void rsaOaep256TokenIsAccepted() {
        assertAcceptedToken1(verifier.verify(TckDecryptAlgorithmDefaultTest.signEncrypt(KeyManagementAlgorithm.RSA_OAEP_256)));
    }

    @Test
    void rsaOaepTokenIsRefusedBeforeItsSignatureIsLookedAt() {
        // as in the TCK: TokenUtils' default RSA-OAEP token, whose nested JWS is signed with privateKey.pem
        String token = call(() -> TokenUtils.signEncryptClaims("/Token1.json"));

        assertEquals("key algorithm RSA-OAEP is not allowed", assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token), token));
    }
}
