package dev.gatehouse.internal.handshake.jwt;

import static dev.gatehouse.internal.handshake.jwt.Outcomes.assertAccepted;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.spi.TokenVerifier;
import dev.gatehouse.testkit.JwksServer;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.eclipse.microprofile.jwt.tck.util.TokenUtils;
import org.junit.jupiter.api.Test;

/**
 * The TCK's PublicKeyAsPEMLocationURLTest and PublicKeyAsJWKLocationURLTest: the 4k key served over
 * http as PEM, and as the JWKS its endpoint returns ({@code kid} publicKey4k), over http as the
 * TCK serves them (so with {@code gatehouse.jwks.allow-http}). Here, beside the other remote key tests.
 */
class TckRemoteKeyLocationTest {
    private static final PrivateKey RSA_4K = tck(() -> TokenUtils.readPrivateKey("/privateKey4k.pem"));

    @Test
    void pemServedOverHttpVerifies() {
        try (JwksServer server = JwksServer.serving(tck(() -> TokenUtils.readResource("/publicKey4k.pem")))) {
            assertVerifiesToken1(server.url(), "/privateKey4k.pem");
        }
    }

    @Test
    void jwksServedOverHttpVerifies() {
        try (JwksServer server = JwksServer.serving(tck(() -> TokenUtils.readResource("/signer-keyset4k.jwk")))) {
            assertVerifiesToken1(server.url(), "publicKey4k");
        }
    }

    private static void assertVerifiesToken1(String url, String kid) {
        TokenVerifier verifier = JwtTokenVerifier.create(GatehouseConfig.builder().publicKeyLocation(url).jwksAllowHttp(true)
                .issuer("https://server.example.com").build().jwt(), Clock.systemUTC());
        try {
            String token = tck(() -> TokenUtils.signClaims(RSA_4K, kid, "/Token1.json"));
            assertEquals("jdoe@example.com", assertAccepted(verifier.verify(token)).claims().get("upn"));
        } finally {
            ((JwtTokenVerifier) verifier).close();
        }
    }

    private static <T> T tck(Callable<T> call) {
        try {
            return call.call();
        } catch (Exception e) {
            throw new IllegalStateException("TokenUtils failed", e);
        }
    }
}
