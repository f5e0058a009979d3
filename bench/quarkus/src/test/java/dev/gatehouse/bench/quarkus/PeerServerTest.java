package dev.gatehouse.bench.quarkus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.testkit.TestKeys;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** How the benchmark's key settings become SmallRye JWT's (the end-to-end check is {@link PeerServerIT}). */
class PeerServerTest {

    @Test
    void aSecretBecomesAnOctetJwkVerifiedAsHs256() {
        Properties p = props("gatehouse.jwt.secret", "s3cret");
        PeerServer.mapKeys(p);
        assertEquals("{\"kty\":\"oct\",\"k\":\"czNjcmV0\"}", p.getProperty("smallrye.jwt.verify.secretkey"));
        assertEquals("HS256", p.getProperty("smallrye.jwt.verify.algorithm"));
    }

    @Test
    void aPublicKeyGetsTheAlgorithmThatFitsItUnlessOneIsGiven() {
        String ec384 = TestKeys.pem(TestKeys.ec384().getPublic()).replace("\n", "");
        Properties derived = props("mp.jwt.verify.publickey", ec384);
        PeerServer.mapKeys(derived);
        assertEquals("ES384", derived.getProperty("mp.jwt.verify.publickey.algorithm"));

        Properties given = props("mp.jwt.verify.publickey", ec384);
        given.setProperty("mp.jwt.verify.publickey.algorithm", "ES256");
        PeerServer.mapKeys(given);
        assertEquals("ES256", given.getProperty("mp.jwt.verify.publickey.algorithm"));
    }

    @Test
    void neitherKeyOrBothRefuseToStart() {
        Properties both = props("gatehouse.jwt.secret", "s3cret");
        both.setProperty("mp.jwt.verify.publickey", "x");
        for (Properties p : new Properties[] {new Properties(), both}) {
            String message = assertThrows(IllegalStateException.class, () -> PeerServer.mapKeys(p)).getMessage();
            assertTrue(message.contains("gatehouse.jwt.secret") && message.contains("mp.jwt.verify.publickey"), message);
        }
    }

    private static Properties props(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return p;
    }
}
