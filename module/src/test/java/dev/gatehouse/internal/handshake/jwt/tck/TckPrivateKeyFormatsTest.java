package dev.gatehouse.internal.handshake.jwt.tck;

import static dev.gatehouse.internal.handshake.jwt.tck.Tck.assertAcceptedToken1;
import static dev.gatehouse.internal.handshake.jwt.tck.Tck.assertRejected;
import static dev.gatehouse.internal.handshake.jwt.tck.Tck.call;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.spi.TokenVerifier;
import java.security.PublicKey;
import java.util.Map;
import org.eclipse.microprofile.jwt.tck.util.TokenUtils;
import org.junit.jupiter.api.Test;

/**
 * {@code mp.jwt.decrypt.key.location} formats as the TCK's {@code config/jwe} tests configure them,
 * each with the 4k verification key at {@code /publicKey4k.pem}.
 */
class TckPrivateKeyFormatsTest {
    private static final PublicKey JWK_ENCRYPTOR = call(() -> TokenUtils.readJwkPublicKey("/encryptorPublicKey.jwk"));

    /** PrivateKeyAsJWKClasspathTest: a private JWK with {@code kid} mp-jwt. */
    @Test
    void privateJwkResourceDecrypts() {
        assertAcceptedToken1(verifier("/decryptorPrivateKey.jwk").verify(signEncrypt(JWK_ENCRYPTOR, "mp-jwt")));
    }

    /** PrivateKeyAsJWKSClasspathTest: a private JWKS with {@code kid} mp-jwt-set. */
    @Test
    void privateJwksResourceDecrypts() {
        assertAcceptedToken1(verifier("/decryptorPrivateKeySet.jwk").verify(signEncrypt(JWK_ENCRYPTOR, "mp-jwt-set")));
    }

    /** The JWKS's only key is named mp-jwt-set: a JWE naming another {@code kid} finds no key. */
    @Test
    void jweNamingAnUnknownKidIsRefused() {
        String token = signEncrypt(JWK_ENCRYPTOR, "other");

        assertEquals("unknown kid", assertRejected(ErrorCode.INVALID_TOKEN, verifier("/decryptorPrivateKeySet.jwk").verify(token), token));
    }

    /** PrivateKeyAsPEMClasspathTest: a PKCS#8 PEM resource. */
    @Test
    void privatePemResourceDecrypts() {
        assertAcceptedToken1(verifier("/privateKey4k.pem").verify(signEncrypt(Tck.publicKey("/publicKey4k.pem"), null)));
    }

    private static TokenVerifier verifier(String decryptKeyLocation) {
        return Tck.verifier(Map.of("mp.jwt.verify.publickey.location", "/publicKey4k.pem",
                "mp.jwt.decrypt.key.location", decryptKeyLocation, "mp.jwt.verify.issuer", Tck.ISSUER));
    }

    private static String signEncrypt(PublicKey encryptor, String kid) {
        return call(() -> TokenUtils.signEncryptClaims(Tck.privateKey("/privateKey4k.pem"), null, encryptor, kid, "/Token1.json", true));
    }
}
