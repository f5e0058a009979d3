package dev.gatehouse.internal.handshake.jwt.tck;

import static dev.gatehouse.internal.handshake.jwt.tck.Tck.assertAcceptedToken1;
import static dev.gatehouse.internal.handshake.jwt.tck.Tck.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.spi.TokenVerifier;
import java.util.List;
import org.eclipse.microprofile.jwt.tck.util.KeyManagementAlgorithm;
import org.junit.jupiter.api.Test;

/**
 * {@code microprofile-config-verify-decrypt-rsa-oaep.properties}: {@code mp.jwt.decrypt.key.algorithm=RSA-OAEP}.
 * The TCK's RolesAllowedSignEncryptRsaOaepTest.
 */
class TckDecryptRsaOaepTest {
    private final TokenVerifier verifier = Tck.verifier(Tck.configFile("verify-decrypt-rsa-oaep"));

    @Test
    void algorithmIsReadFromTheProperty() {
        assertEquals(List.of("RSA-OAEP"), Tck.settings(Tck.configFile("verify-decrypt-rsa-oaep")).decryptAlgorithms());
    }

    @Test
    void rsaOaepTokenIsAccepted() {
        assertAcceptedToken1(verifier.verify(TckDecryptAlgorithmDefaultTest.signEncrypt(KeyManagementAlgorithm.RSA_OAEP)));
    }

    @Test
    void rsaOaep256TokenIsRefused() {
        String token = TckDecryptAlgorithmDefaultTest.signEncrypt(KeyManagementAlgorithm.RSA_OAEP_256);

        assertEquals("key algorithm RSA-OAEP-256 is not allowed", assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token), token));
    }
}
