package dev.gatehouse.internal.handshake.jwt.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ConfigurationException;
import org.junit.jupiter.api.Test;

/**
 * {@code microprofile-config-rsakey1024-location.properties}: a 1024-bit RSA JWK. The TCK's
 * RsaKeySignatureTest expects tokens signed with it to verify; Gatehouse deliberately refuses the
 * key at startup instead (RFC 7518 section 3.3 requires 2048 bits for RS256, and jjwt enforces it).
 */
class TckRsaKey1024LocationTest {

    @Test
    void rsaKeyOf1024BitsStopsStartupNamingTheLocationProperty() {
        ConfigurationException e = Tck.startupFailure(Tck.configFile("rsakey1024-location"));

        assertEquals("mp.jwt.verify.publickey.location", e.property());
        assertTrue(e.getMessage().contains("2048 bits"), e.getMessage());
    }
}
