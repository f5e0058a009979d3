package dev.gatehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.testkit.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The standalone server's {@code gatehouse.tls.*} settings, as properties or typed setters:
 * misconfiguration fails at build, naming the property, never showing a password; a good
 * configuration turns the URI into {@code wss://}.
 */
class TlsSettingsTest {
    private static final String SECRET = "a-test-secret-of-at-least-256-bits-long-enough";
    private static TestCertificates certs;

    @BeforeAll
    static void certificates() throws Exception {
        certs = TestCertificates.create("server-tls");
        certs.issueServer("other");
    }

    /** A server, not started, with these properties and the typed settings. */
    private static GatehouseServer server(Map<String, String> properties, Consumer<GatehouseConfig.Builder> typed) {
        Gatehouse gatehouse = Gatehouse.builder(ConfigSource.of(properties))
                .config(c -> typed.accept(c.hmacSecret(SECRET).port(0))).build();
        return GatehouseServer.builder(gatehouse).build();
    }

    private static ConfigurationException refused(Map<String, String> properties) {
        return assertThrows(ConfigurationException.class, () -> server(properties, c -> { }));
    }

    private static ConfigurationException refused(Consumer<GatehouseConfig.Builder> typed) {
        return assertThrows(ConfigurationException.class, () -> server(Map.of(), typed));
    }

    private static Map<String, String> pem() {
        Map<String, String> s = new HashMap<>();
        s.put("gatehouse.tls.certificate", certs.serverCert.toString());
        s.put("gatehouse.tls.private-key", certs.serverKey.toString());
        return s;
    }

    @Test
    void pemCertificateAndKeyTurnTheUriIntoWss() {
        GatehouseServer server = server(pem(), c -> { });
        assertEquals("wss", server.uri().getScheme());
        assertEquals("https", server.httpUri().getScheme());
    }

    @Test
    void pemCertificateAndKeyGivenToTheTypedSettersTurnTheUriIntoWss() {
        GatehouseServer server = server(Map.of(), c -> c.tlsCertificate(certs.serverCert).tlsPrivateKey(certs.serverKey));
        assertEquals("wss", server.uri().getScheme());
    }

    @Test
    void withoutTlsTheUriStaysWs() {
        GatehouseServer server = server(Map.of(), c -> { });
        assertEquals("ws", server.uri().getScheme());
        assertEquals("http", server.httpUri().getScheme());
    }

    @Test
    void missingCertificateFileNamesTheProperty() {
        Map<String, String> s = pem();
        s.put("gatehouse.tls.certificate", certs.dir.resolve("absent.crt").toString());
        assertEquals("gatehouse.tls.certificate", refused(s).property());
    }

    @Test
    void missingCertificateFileGivenToTheTypedSetterNamesTheProperty() {
        ConfigurationException e = refused(c -> c.tlsCertificate(certs.dir.resolve("absent.crt")).tlsPrivateKey(certs.serverKey));
        assertEquals("gatehouse.tls.certificate", e.property());
    }

    @Test
    void typedClientAuthWithoutTlsNamesClientAuth() {
        assertEquals("gatehouse.tls.client-auth", refused(c -> c.tlsClientAuth(GatehouseConfig.ClientAuth.NEED)).property());
    }

    @Test
    void keyOfAnotherCertificateNamesThePrivateKey() {
        Map<String, String> s = pem();
        s.put("gatehouse.tls.private-key", certs.dir.resolve("other.key").toString());
        ConfigurationException e = refused(s);
        assertEquals("gatehouse.tls.private-key", e.property());
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
    }

    @Test
    void traditionalEcKeyIsRefusedWithTheConversionCommand() throws Exception {
        Path traditional = certs.dir.resolve("server-traditional.key");
        certs.openssl("ec", "-in", "server.key", "-out", traditional.toString());
        Map<String, String> s = pem();
        s.put("gatehouse.tls.private-key", traditional.toString());
        ConfigurationException e = refused(s);
        assertEquals("gatehouse.tls.private-key", e.property());
        assertTrue(e.getMessage().contains("openssl pkcs8 -topk8"), e.getMessage());
    }

    @Test
    void certificateWithoutKeyNamesTheMissingKey() {
        ConfigurationException e = refused(Map.of("gatehouse.tls.certificate", certs.serverCert.toString()));
        assertEquals("gatehouse.tls.private-key", e.property());
    }

    @Test
    void wrongKeyStorePasswordNamesThePasswordWithoutShowingIt() {
        String wrong = "not-the-password-7f3";
        ConfigurationException e = refused(Map.of("gatehouse.tls.key-store", certs.serverP12.toString(),
                "gatehouse.tls.key-store-password", wrong));
        assertEquals("gatehouse.tls.key-store-password", e.property());
        assertFalse(e.getMessage().contains(wrong), e.getMessage());
    }

    @Test
    void wrongPasswordInAFileNamesTheFile() throws Exception {
        Path file = Files.writeString(certs.dir.resolve("wrong-password.txt"), "nope\n");
        ConfigurationException e = refused(Map.of("gatehouse.tls.key-store", certs.serverP12.toString(),
                "gatehouse.tls.key-store-password-file", file.toString()));
        assertEquals("gatehouse.tls.key-store-password-file", e.property());
    }

    @Test
    void keyStoreWithPasswordFileEndingInNewlineIsAccepted() throws Exception {
        Path file = Files.writeString(certs.dir.resolve("password.txt"), TestCertificates.P12_PASSWORD + "\n");
        GatehouseServer server = server(Map.of("gatehouse.tls.key-store", certs.serverP12.toString(),
                "gatehouse.tls.key-store-password-file", file.toString()), c -> { });
        assertEquals("wss", server.uri().getScheme());
    }

    @Test
    void keyStoreWithoutPasswordNamesThePassword() {
        ConfigurationException e = refused(Map.of("gatehouse.tls.key-store", certs.serverP12.toString()));
        assertEquals("gatehouse.tls.key-store-password", e.property());
    }

    @Test
    void pemFileAsKeyStoreNamesTheKeyStore() {
        ConfigurationException e = refused(Map.of("gatehouse.tls.key-store", certs.serverCert.toString(),
                "gatehouse.tls.key-store-password", TestCertificates.P12_PASSWORD));
        assertEquals("gatehouse.tls.key-store", e.property());
    }

    @Test
    void keyStoreAndPemTogetherAreRefused() {
        Map<String, String> s = pem();
        s.put("gatehouse.tls.key-store", certs.serverP12.toString());
        s.put("gatehouse.tls.key-store-password", TestCertificates.P12_PASSWORD);
        assertEquals("gatehouse.tls.key-store", refused(s).property());
    }

    @Test
    void clientAuthNeedWithoutClientCasNamesTheCas() {
        Map<String, String> s = pem();
        s.put("gatehouse.tls.client-auth", "need");
        assertEquals("gatehouse.tls.client-ca", refused(s).property());
    }

    @Test
    void clientAuthWithoutTlsNamesClientAuth() {
        assertEquals("gatehouse.tls.client-auth", refused(Map.of("gatehouse.tls.client-auth", "want")).property());
    }

    @Test
    void reloadIntervalBelowOneSecondIsRefused() {
        Map<String, String> s = pem();
        s.put("gatehouse.tls.reload-interval", "100ms");
        assertEquals("gatehouse.tls.reload-interval", refused(s).property());
        ConfigurationException typed = assertThrows(ConfigurationException.class,
                () -> GatehouseConfig.builder().tlsReloadInterval(java.time.Duration.ofMillis(100)));
        assertEquals("gatehouse.tls.reload-interval", typed.property());
    }
}
