package dev.gatehouse.internal.handshake.jwt.tck;

import static dev.gatehouse.internal.handshake.jwt.tck.Tck.assertAcceptedToken1;
import static dev.gatehouse.internal.handshake.jwt.tck.Tck.call;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.spi.TokenVerifier;
import java.util.List;
import org.eclipse.microprofile.jwt.tck.util.KeyManagementAlgorithm;
import org.eclipse.microprofile.jwt.tck.util.TokenUtils;
import org.junit.jupiter.api.Test;

/**
 * {@code microprofile-config-verify-decrypt-algorithm-default.properties}: no
 * {@code mp.jwt.decrypt.key.algorithm}, so both RSA-OAEP and RSA-OAEP-256 are accepted, as MP JWT
 * 2.1 requires. The TCK's DecryptKeyAlgorithmDefaultTest.
 */
class TckDecryptAlgorithmDefaultTest {
    private final TokenVerifier verifier = Tck.verifier(Tck.configFile("verify-decrypt-algorithm-default"));

    @Test
    void noAlgorithmIsConfigured() {
        assertEquals(List.of(), Tck.settings(Tck.configFile("verify-decrypt-algorithm-default")).decryptAlgorithms());
    }

    @Test
    void rsaOaep256TokenIsAccepted() {
        assertAcceptedToken1(verifier.verify(signEncrypt(KeyManagementAlgorithm.RSA_OAEP_256)));
    }

    @Test
    void rsaOaepTokenIsAccepted() {
        assertAcceptedToken1(verifier.verify(signEncrypt(KeyManagementAlgorithm.RSA_OAEP)));
    }

    /** Token1 signed with privateKey4k.pem, then encrypted for publicKey.pem with {@code algorithm}, with {@code cty: JWT}. */
    static String signEncrypt(KeyManagementAlgorithm algorithm) {
        return call(() -> TokenUtils.signEncryptClaims(Tck.privateKey("/privateKey4k.pem"), null,
                Tck.publicKey("/publicKey.pem"), algorithm, null, "/Token1.json", true));
    }
}
