package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.Metrics;
import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.testkit.HeadlessChromium;
import dev.gatehouse.testkit.LogCapture;
import dev.gatehouse.testkit.MeterReadings;
import dev.gatehouse.testkit.PythonWebsockets;
import dev.gatehouse.testkit.TestCertificates;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.math.BigInteger;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The standalone server over TLS, on real sockets, with a test CA made by the test
 * ({@link TestCertificates}): clients that trust the CA are welcomed over {@code wss://}, others fail
 * the handshake; TLS 1.1 is refused; client certificates when required; and the certificate's files
 * replaced while connections are open: those stay, new handshakes get the new certificate, and a
 * broken replacement leaves the previous one in place.
 */
class WssIT {
    private static final Duration RELOAD_WAIT = Duration.ofSeconds(20);
    private TestCertificates certs;

    @BeforeEach
    void certificates() {
        certs = TestCertificates.create("server-tls");
    }

    private TestServer start(UnaryOperator<GatehouseConfig.Builder> tls) {
        return start(tls, Metrics.none());
    }

    private TestServer start(UnaryOperator<GatehouseConfig.Builder> tls, Metrics metrics) {
        return TestServer.start(tls, g -> g.metrics(metrics)
                .handler(FrameHandler.of("echo", JsonObject.class, (d, ctx) -> ctx.reply("echo", d))));
    }

    /** TLS with the test CA's PEM certificate and key, set with the typed setters. */
    private UnaryOperator<GatehouseConfig.Builder> pem() {
        return c -> c.tlsCertificate(certs.serverCert).tlsPrivateKey(certs.serverKey).tlsReloadInterval(Duration.ofSeconds(1));
    }

    private static HttpClient trusting(SSLContext context) {
        return HttpClient.newBuilder().sslContext(context).build();
    }

    private static void assertEchoes(TestClient client, String text) {
        client.send("echo", text, Json.createObjectBuilder().add("text", text).build());
        JsonObject echo = client.next();
        assertEquals("echo", echo.getString("type"));
        assertEquals(text, echo.getJsonObject("data").getString("text"));
    }

    /** The failure of an upgrade expected to fail. */
    private static Throwable upgradeFailure(HttpClient http, TestServer server) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + TestServer.token("alice"))
                .buildAsync(server.uri(), new WebSocket.Listener() { }).get(TestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS));
        return e.getCause();
    }

    @Test
    void clientTrustingTheTestCaIsWelcomedOverWss() {
        try (TestServer server = start(pem());
                TestClient client = TestClient.connectWelcomed(trusting(certs.clientContext(false)), server.uri(),
                        TestServer.token("alice"))) {
            assertEquals("wss", server.uri().getScheme());
            assertEchoes(client, "over tls");
        }
    }

    @Test
    void pkcs12KeyStoreServesItsCertificate() {
        try (TestServer server = start(c -> c.tlsKeyStore(certs.serverP12).tlsKeyStorePassword(TestCertificates.P12_PASSWORD));
                TestClient client = TestClient.connectWelcomed(trusting(certs.clientContext(false)), server.uri(),
                        TestServer.token("alice"))) {
            assertEchoes(client, "from p12");
            assertEquals(TestCertificates.serial(certs.serverCert), certs.servedSerial(server.server().port()));
        }
    }

    @Test
    void clientThatDoesNotTrustTheCaFailsTheHandshake() {
        try (TestServer server = start(pem())) {
            assertInstanceOf(SSLHandshakeException.class, upgradeFailure(HttpClient.newHttpClient(), server));
        }
    }

    @Test
    void tls11IsRefusedWhileTls12And13AreAccepted() throws Exception {
        try (TestServer server = start(pem())) {
            int port = server.server().port();
            assertTrue(handshake(port, "-tls1_2").contains("TLSv1.2"));
            assertTrue(handshake(port, "-tls1_3").contains("TLSv1.3"));
            String refused = handshake(port, "-tls1_1");
            assertFalse(refused.contains("no protocols available"), "the client did not offer TLS 1.1: " + refused);
            assertFalse(refused.contains("Protocol version:"), refused);
            assertTrue(refused.contains("alert protocol version") || refused.contains("unexpected eof"), refused);
        }
    }

    /** What {@code openssl s_client} says about a handshake with the given protocol switch, offering every cipher. */
    private String handshake(int port, String protocol) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(TestCertificates.executable(), "s_client", "-connect", "127.0.0.1:" + port,
                protocol, "-cipher", "DEFAULT:@SECLEVEL=0", "-CAfile", certs.caCert.toString(), "-brief")
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "openssl s_client did not end");
        return out;
    }

    @Test
    void pythonWebsocketsTrustingTheCaIsWelcomedAndOneTrustingOnlyTheSystemIsRefused() throws Exception {
        try (TestServer server = start(pem())) {
            PythonWebsockets.Result trusting = python(server, certs.caCert.toString());
            assertEquals(0, trusting.exit(), trusting.output());
            assertEquals("connection_established echo from python", trusting.output().strip());
            PythonWebsockets.Result untrusting = python(server, "-");
            assertNotEquals(0, untrusting.exit(), untrusting.output());
            assertTrue(untrusting.output().contains("CERTIFICATE_VERIFY_FAILED"), untrusting.output());
        }
    }

    /** Runs the python-websockets client (test resource {@code wss-python-client.py}) against the server. */
    private static PythonWebsockets.Result python(TestServer server, String ca) throws Exception {
        return PythonWebsockets.run("/wss-python-client.py", server.uri().toString(), ca, TestServer.token("alice"));
    }

    @Test
    void chromiumPinningTheLeafKeyLoadsTheHttpsPageAndIsWelcomedOverWssWhileUnpinnedItIsRefused() throws Exception {
        try (TestServer server = start(pem())) {
            String pinned = chromium(server, Map.of("SPKI", spki(certs.serverCert)));
            assertTrue(pinned.contains("\"page\":\"loaded\",\"welcome\":\"connection_established\",\"echo\":\"from chromium\""),
                    pinned);
            String unpinned = chromium(server, Map.of());
            assertTrue(unpinned.contains("ERR_CERT_AUTHORITY_INVALID"), unpinned);
        }
    }

    /** Runs {@code src/test/js/wss-page.cjs} against the server; its RESULT line. */
    private static String chromium(TestServer server, Map<String, String> environment) throws Exception {
        Map<String, String> env = new HashMap<>(environment);
        env.put("WSS_URL", server.uri().toString());
        env.put("TOKEN", TestServer.token("alice"));
        String output = HeadlessChromium.run(Path.of("src/test/js/wss-page.cjs"), server.server().httpUri()
                .resolve("/health/live"), Path.of("target", "wss-page.png").toAbsolutePath(), 90, env);
        return output.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElse(output);
    }

    /** The base64 SHA-256 of a certificate's SubjectPublicKeyInfo: what Chromium's SPKI list pins. */
    private static String spki(Path certificate) throws Exception {
        try (var in = Files.newInputStream(certificate)) {
            byte[] key = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in)
                    .getPublicKey().getEncoded();
            return java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(key));
        }
    }

    @Test
    void refusedUpgradeIsAnsweredThroughTls() {
        try (TestServer server = start(pem())) {
            Throwable refused = assertThrows(ExecutionException.class, () -> trusting(certs.clientContext(false))
                    .newWebSocketBuilder().buildAsync(server.uri(), new WebSocket.Listener() { })
                    .get(TestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS)).getCause();
            WebSocketHandshakeException e = assertInstanceOf(WebSocketHandshakeException.class, refused);
            assertEquals(401, e.getResponse().statusCode());
        }
    }

    /**
     * The handshake deadline counts from the TCP accept: a socket that never starts TLS, and one that
     * completes TLS but sends no upgrade request, are both closed by it.
     */
    @Test
    void silentSocketsOnTheTlsPortAreClosedAtTheHandshakeTimeout() throws Exception {
        Duration timeout = Duration.ofSeconds(1);
        int bound = (int) timeout.plusSeconds(2).toMillis(); // the deadline, plus the timer's and the machine's slack
        try (TestServer server = start(c -> pem().apply(c).handshakeTimeout(timeout))) {
            int port = server.server().port();
            try (Socket plain = new Socket("127.0.0.1", port)) {
                plain.setSoTimeout(bound);
                assertEquals(-1, plain.getInputStream().read());
            }
            try (SSLSocket tls = (SSLSocket) certs.clientContext(false).getSocketFactory().createSocket("127.0.0.1", port)) {
                tls.setSoTimeout(bound);
                tls.startHandshake();
                try {
                    assertEquals(-1, tls.getInputStream().read());
                } catch (SocketException | SSLException closedWithoutCloseNotify) {
                    // closed by the server: what the test waits for
                }
            }
        }
    }

    @Test
    void clientAuthNeedRefusesAClientWithoutCertificateAndWelcomesOneWithIt() {
        try (TestServer server = start(c -> pem().apply(c).tlsClientAuth(GatehouseConfig.ClientAuth.NEED)
                .tlsClientCa(certs.caCert))) {
            Throwable refused = upgradeFailure(trusting(certs.clientContext(false)), server);
            assertInstanceOf(IOException.class, refused, String.valueOf(refused));
            try (TestClient client = TestClient.connectWelcomed(trusting(certs.clientContext(true)), server.uri(),
                    TestServer.token("alice"))) {
                assertEchoes(client, "mutual");
            }
        }
    }

    @Test
    void replacedFilesReachNewHandshakesWhileOpenConnectionsStay() throws Exception {
        try (TestServer server = start(pem());
                TestClient open = TestClient.connectWelcomed(trusting(certs.clientContext(false)), server.uri(),
                        TestServer.token("alice"))) {
            int port = server.server().port();
            BigInteger before = certs.servedSerial(port);
            assertEquals(TestCertificates.serial(certs.serverCert), before);
            BigInteger after = TestCertificates.serial(certs.issueServer("rotated"));
            assertNotEquals(before, after);
            replace(certs.dir.resolve("rotated.crt"), certs.dir.resolve("rotated.key"));
            awaitServed(port, after);
            assertEchoes(open, "still here");
            try (TestClient fresh = TestClient.connectWelcomed(trusting(certs.clientContext(false)), server.uri(),
                    TestServer.token("bob"))) {
                assertEchoes(fresh, "new certificate");
            }
        }
    }

    @Test
    void brokenReplacementKeepsThePreviousCertificateWithOneWarningAndACount() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LogCapture logs = LogCapture.of("dev.gatehouse.tls");
                TestServer server = start(pem(), Metrics.micrometer(registry))) {
            int port = server.server().port();
            BigInteger first = certs.servedSerial(port);
            Files.writeString(certs.serverKey, "not a key\n");
            MeterReadings.eventually(() -> MeterReadings.count(registry, "gatehouse.tls.reload_refused"), 1);
            assertEquals(first, certs.servedSerial(port));
            try (TestClient client = TestClient.connectWelcomed(trusting(certs.clientContext(false)), server.uri(),
                    TestServer.token("alice"))) {
                assertEchoes(client, "old certificate");
            }
            BigInteger next = TestCertificates.serial(certs.issueServer("fixed"));
            replace(certs.dir.resolve("fixed.crt"), certs.dir.resolve("fixed.key"));
            awaitServed(port, next);
            List<LogRecord> warnings = logs.matching(r -> r.getLevel() == Level.WARNING);
            assertEquals(1, warnings.size(), warnings.stream().map(LogCapture::describe).toList().toString());
            assertTrue(warnings.get(0).getMessage().contains("gatehouse.tls.private-key"), warnings.get(0).getMessage());
            assertNull(warnings.get(0).getThrown());
            assertFalse(warnings.get(0).getMessage().contains("not a key"));
        }
    }

    /** Puts a new certificate and key in place of the served ones, each file replaced whole. */
    private void replace(Path certificate, Path key) throws IOException {
        Files.copy(key, certs.dir.resolve("incoming.key"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(certificate, certs.dir.resolve("incoming.crt"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(certs.dir.resolve("incoming.key"), certs.serverKey, StandardCopyOption.ATOMIC_MOVE);
        Files.move(certs.dir.resolve("incoming.crt"), certs.serverCert, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Waits until a new handshake is served the certificate with this serial. */
    private void awaitServed(int port, BigInteger serial) {
        long deadline = System.nanoTime() + RELOAD_WAIT.toNanos();
        while (!certs.servedSerial(port).equals(serial) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        assertEquals(serial, certs.servedSerial(port));
    }
}
