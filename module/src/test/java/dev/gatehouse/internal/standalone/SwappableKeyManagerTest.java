package dev.gatehouse.internal.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.gatehouse.testkit.TestCertificates;
import java.math.BigInteger;
import javax.net.ssl.X509ExtendedKeyManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A handshake asks for an alias, then for its chain and key: a swap in between must not pair one
 * certificate's alias with another's chain. Real key managers, of certificates made by openssl.
 */
class SwappableKeyManagerTest {
    private static TestCertificates certs;
    private static X509ExtendedKeyManager first;
    private static X509ExtendedKeyManager second;
    private static X509ExtendedKeyManager third;

    @BeforeAll
    static void keyManagers() throws Exception {
        certs = TestCertificates.create("server-tls");
        first = load("server");
        certs.issueServer("second");
        second = load("second");
        certs.issueServer("third");
        third = load("third");
    }

    private static X509ExtendedKeyManager load(String name) {
        IdentityFiles files = IdentityFiles.pem(certs.dir.resolve(name + ".crt"), certs.dir.resolve(name + ".key"));
        return files.load(files.read());
    }

    private static BigInteger serial(X509ExtendedKeyManager keys, String alias) {
        return keys.getCertificateChain(alias)[0].getSerialNumber();
    }

    @Test
    void aliasChosenBeforeASwapStillGivesItsOwnChainAndKeyAfterIt() {
        SwappableKeyManager keys = new SwappableKeyManager(first);
        String before = keys.chooseEngineServerAlias("EC", null, null);
        keys.swap(second);
        assertEquals(TestCertificates.serial(certs.serverCert), serial(keys, before));
        assertEquals(first.getPrivateKey(first.chooseEngineServerAlias("EC", null, null)), keys.getPrivateKey(before));
        String after = keys.chooseEngineServerAlias("EC", null, null);
        assertNotEquals(before, after);
        assertEquals(TestCertificates.serial(certs.dir.resolve("second.crt")), serial(keys, after));
    }

    @Test
    void aliasFromTwoSwapsAgoFindsNothing() {
        SwappableKeyManager keys = new SwappableKeyManager(first);
        String oldest = keys.chooseServerAlias("EC", null, null);
        keys.swap(second);
        String middle = keys.chooseServerAlias("EC", null, null);
        keys.swap(third);
        assertNull(keys.getCertificateChain(oldest));
        assertNull(keys.getPrivateKey(oldest));
        assertEquals(TestCertificates.serial(certs.dir.resolve("second.crt")), serial(keys, middle));
        assertEquals(TestCertificates.serial(certs.dir.resolve("third.crt")),
                serial(keys, keys.chooseServerAlias("EC", null, null)));
    }

    @Test
    void aliasesNotHandedOutHereFindNothing() {
        SwappableKeyManager keys = new SwappableKeyManager(first);
        assertNull(keys.getCertificateChain("gatehouse"));
        assertNull(keys.getPrivateKey("x:gatehouse"));
        assertNull(keys.chooseEngineServerAlias("RSA", null, null));
    }
}
