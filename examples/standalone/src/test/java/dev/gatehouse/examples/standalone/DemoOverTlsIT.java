package dev.gatehouse.examples.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.client.ClientStoppedException;
import dev.gatehouse.client.Frame;
import dev.gatehouse.client.GatehouseClient;
import dev.gatehouse.client.ReconnectPolicy;
import dev.gatehouse.test.TestConnection;
import dev.gatehouse.testkit.TestCertificates;
import jakarta.json.Json;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo with a certificate from a test CA: it prints {@code wss://} and {@code https://}
 * addresses, and the Java client, through the test kit's {@link TestConnection}, connects over
 * {@code wss://} with an {@code HttpClient} that trusts the test CA (and is never welcomed with one that
 * does not).
 */
class DemoOverTlsIT {
    private static TestCertificates certs;
    private static DemoServer.Running demo;

    @BeforeAll
    static void start() {
        certs = TestCertificates.create("demo-tls");
        demo = DemoServer.start(ConfigSource.of(Map.of("gatehouse.demo", "true", "gatehouse.port", "0",
                "gatehouse.tls.certificate", certs.serverCert.toString(),
                "gatehouse.tls.private-key", certs.serverKey.toString())));
    }

    @AfterAll
    static void stop() {
        demo.server().stop();
    }

    private static HttpClient trustingTheTestCa() {
        return HttpClient.newBuilder().sslContext(certs.clientContext(false)).build();
    }

    @Test
    void printedAddressesAreWssAndHttps() {
        String printed = DemoServer.instructions(demo);
        int port = demo.server().port();
        assertTrue(printed.contains("wss://127.0.0.1:" + port + "/ws"), printed);
        assertTrue(printed.contains("https://127.0.0.1:" + port + "/status"), printed);
        assertFalse(printed.contains("http://"), printed);
    }

    @Test
    void javaClientThroughTheTestKitIsWelcomedOverWss() {
        String token = demo.demoToken().orElseThrow();
        try (TestConnection client = TestConnection.open(GatehouseClient.builder(demo.server().uri()).token(token)
                .httpClient(trustingTheTestCa()))) {
            client.assertWelcome();
            client.send("echo", "1", Json.createObjectBuilder().add("over", "tls").build());
            Frame echo = client.next();
            assertEquals("echo", echo.type());
            assertEquals("tls", echo.data().getString("over"));
        }
    }

    /**
     * The client's default {@code HttpClient} trusts the JDK's CAs only. (The client reports the
     * failed TLS handshake as any connection it could not open: 1006, no reason.)
     */
    @Test
    void javaClientThatDoesNotTrustTheCaIsNeverWelcomed() {
        GatehouseClient client = GatehouseClient.builder(demo.server().uri()).token(demo.demoToken().orElseThrow())
                .reconnect(ReconnectPolicy.none()).build();
        try {
            CompletionException failure = assertThrows(CompletionException.class,
                    () -> client.connect().toCompletableFuture().join());
            ClientStoppedException stopped = assertInstanceOf(ClientStoppedException.class, failure.getCause());
            assertTrue(stopped.getMessage().startsWith("1006"), stopped.getMessage());
        } finally {
            client.close();
        }
    }

    @Test
    void statusPageIsServedOverHttps() throws Exception {
        HttpResponse<String> status = trustingTheTestCa().send(HttpRequest.newBuilder(demo.server().httpUri()
                .resolve("/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, status.statusCode());
    }
}
