package dev.gatehouse.internal.handshake.jwt.tck;

import static dev.gatehouse.internal.handshake.jwt.tck.Tck.assertAcceptedToken1;
import static dev.gatehouse.internal.handshake.jwt.tck.Tck.assertRejected;
import static dev.gatehouse.internal.handshake.jwt.tck.Tck.call;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.spi.TokenVerifier;
import org.eclipse.microprofile.jwt.tck.util.TokenUtils;
import org.junit.jupiter.api.Test;

/**
 * {@code microprofile-config-publickey.properties}: the 4096-bit RSA key inline as PEM in
 * {@code mp.jwt.verify.publickey}. The TCK's PublicKeyAsPEMTest.
 */
class TckPublicKeyTest {
    private final TokenVerifier verifier = Tck.verifier(Tck.configFile("publickey"));

    @Test
    void tokenSignedWithThe4kKeyIsAccepted() {
        assertAcceptedToken1(verifier.verify(call(() -> TokenUtils.signClaims(Tck.privateKey("/privateKey4k.pem"),
                "/privateKey4k.pem", "/Token1.json"))));
    }

    @Test
    void tokenSignedWithTheTckDefaultKeyIsRefused() {
        String token = call(() -> TokenUtils.signClaims("/Token1.json"));

        assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token), token);
    }
}
