package dev.gatehouse.internal.handshake.jwt.tck;

import static dev.gatehouse.internal.handshake.jwt.tck.Tck.assertAcceptedToken1;
import static dev.gatehouse.internal.handshake.jwt.tck.Tck.call;

import dev.gatehouse.spi.TokenVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.Map;
import org.eclipse.microprofile.jwt.tck.util.TokenUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verification key formats and locations of the TCK's {@code config} tests, whose properties
 * the TCK builds in code: one test per TCK class, each with that class's properties and token.
 */
class TckKeyFormatsTest {
    private static final PrivateKey RSA_4K = Tck.privateKey("/privateKey4k.pem");

    @TempDir
    Path dir;

    /** PublicKeyAsJWKTest: the 4k key as one JWK inline. */
    @Test
    void inlineJwkVerifies() {
        assertVerifiesRsa4k(Map.of("mp.jwt.verify.publickey", jsonOf("/signer-key4k.jwk")), "publicKey4k");
    }

    /** PublicKeyAsJWKSTest: the 4k key as a JWKS inline. */
    @Test
    void inlineJwksVerifies() {
        assertVerifiesRsa4k(Map.of("mp.jwt.verify.publickey", jsonOf("/signer-keyset4k.jwk")), "publicKey4k");
    }

    /** PublicKeyAsBase64JWKTest: the JWK base64-encoded (the TCK uses the standard alphabet with padding). */
    @Test
    void base64EncodedJwkVerifies() {
        String base64 = Base64.getEncoder().encodeToString(jsonOf("/signer-key4k.jwk").getBytes(StandardCharsets.UTF_8));

        assertVerifiesRsa4k(Map.of("mp.jwt.verify.publickey", base64), "publicKey4k");
    }

    /** The MP JWT spec's own form: base64url without padding, of a JWKS. */
    @Test
    void base64UrlEncodedJwksVerifies() {
        String base64url = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(jsonOf("/signer-keyset4k.jwk").getBytes(StandardCharsets.UTF_8));

        assertVerifiesRsa4k(Map.of("mp.jwt.verify.publickey", base64url), "publicKey4k");
    }

    /** PublicKeyAsPEMLocationTest: a PEM class path resource named without a scheme. */
    @Test
    void pemResourceLocationVerifies() {
        assertVerifiesRsa4k(Map.of("mp.jwt.verify.publickey.location", "/publicKey4k.pem"), "/privateKey4k.pem");
    }

    /** PublicKeyAsJWKLocationTest: a JWK class path resource. */
    @Test
    void jwkResourceLocationVerifies() {
        assertVerifiesRsa4k(Map.of("mp.jwt.verify.publickey.location", "/signer-key4k.jwk"), "publicKey4k");
    }

    /** PublicKeyAsJWKSLocationTest: a JWKS class path resource. */
    @Test
    void jwksResourceLocationVerifies() {
        assertVerifiesRsa4k(Map.of("mp.jwt.verify.publickey.location", "/signer-keyset4k.jwk"), "publicKey4k");
    }

    /** PublicKeyAsFileLocationURLTest: a {@code file:} URL of a PEM copied to a temporary file. */
    @Test
    void pemFileUrlLocationVerifies() throws IOException {
        Path pem = Files.writeString(dir.resolve("tck.pem"), Tck.resource("/publicKey4k.pem"));

        assertVerifiesRsa4k(Map.of("mp.jwt.verify.publickey.location", pem.toUri().toASCIIString()), "publicKey4k");
    }

    /** ECPublicKeyAsPEMLocationTest: an EC PEM resource with ES256 configured. */
    @Test
    void ecPemResourceLocationVerifiesEs256() {
        assertVerifiesEc(Map.of("mp.jwt.verify.publickey.location", "/ecPublicKey.pem"), "/ecPrivateKey.pem");
    }

    /** ECPublicKeyAsJWKLocationTest: an EC JWK resource with ES256 configured. */
    @Test
    void ecJwkResourceLocationVerifiesEs256() {
        assertVerifiesEc(Map.of("mp.jwt.verify.publickey.location", "/ecPublicKey.jwk"), "eckey");
    }

    private static void assertVerifiesRsa4k(Map<String, String> key, String kid) {
        TokenVerifier verifier = Tck.verifier(withIssuer(key));
        assertAcceptedToken1(verifier.verify(call(() -> TokenUtils.signClaims(RSA_4K, kid, "/Token1.json"))));
    }

    private static void assertVerifiesEc(Map<String, String> key, String kid) {
        Map<String, String> config = new java.util.HashMap<>(withIssuer(key));
        config.put("mp.jwt.verify.publickey.algorithm", "ES256");
        TokenVerifier verifier = Tck.verifier(config);
        PrivateKey ec = call(() -> TokenUtils.readECPrivateKey("/ecPrivateKey.pem"));
        assertAcceptedToken1(verifier.verify(call(() -> TokenUtils.signClaims(ec, kid, "/Token1.json"))));
    }

    private static Map<String, String> withIssuer(Map<String, String> key) {
        Map<String, String> config = new java.util.HashMap<>(key);
        config.put("mp.jwt.verify.issuer", Tck.ISSUER);
        return config;
    }

    /** The resource on one line, as the TCK reads it into the property. */
    private static String jsonOf(String resource) {
        return Tck.resource(resource).replace("\n", "");
    }
}
