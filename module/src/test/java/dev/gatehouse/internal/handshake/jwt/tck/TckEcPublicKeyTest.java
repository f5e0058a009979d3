package dev.gatehouse.internal.handshake.jwt.tck;

import static dev.gatehouse.internal.handshake.jwt.tck.Tck.assertAcceptedToken1;
import static dev.gatehouse.internal.handshake.jwt.tck.Tck.assertRejected;
import static dev.gatehouse.internal.handshake.jwt.tck.Tck.call;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.spi.TokenVerifier;
import org.eclipse.microprofile.jwt.tck.util.SignatureAlgorithm;
import org.eclipse.microprofile.jwt.tck.util.TokenUtils;
import org.junit.jupiter.api.Test;

/**
 * {@code microprofile-config-ecpublickey.properties}: a P-256 key inline as PEM and
 * {@code mp.jwt.verify.publickey.algorithm=ES256}. The TCK's ECPublicKeyAsPEMTest.
 */
class TckEcPublicKeyTest {
    private final TokenVerifier verifier = Tck.verifier(Tck.configFile("ecpublickey"));

    @Test
    void es256TokenIsAccepted() {
        assertAcceptedToken1(verifier.verify(call(() -> TokenUtils.signClaims("/Token1.json", SignatureAlgorithm.ES256))));
    }

    @Test
    void rs256TokenIsRefused() {
        String token = call(() -> TokenUtils.signClaims("/Token1.json"));

        assertEquals("algorithm RS256 is not allowed", assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token), token));
    }
}
