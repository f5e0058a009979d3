package dev.gatehouse.redis;

import static dev.gatehouse.testkit.cluster.ClusterNodes.json;
import static dev.gatehouse.testkit.cluster.Inbox.nextOfType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.PresenceCount;
import dev.gatehouse.spi.BackplaneProvider;
import dev.gatehouse.testkit.TestCertificates;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import dev.gatehouse.testkit.cluster.ClusterNodes;
import dev.gatehouse.testkit.cluster.Inbox;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A redis-server listening for TLS with client certificates required ({@code tls-auth-clients yes}),
 * its certificates from a test CA made at test time ({@link TestCertificates}): nodes that trust the
 * CA and present the client certificate (one from a PKCS#12 key store, one from a PEM file) deliver
 * across each other; a node without a certificate, or that does not trust the server's, is refused
 * at startup naming the setting at fault.
 */
class TlsIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static TestCertificates certs;
    private static RedisServer redis;
    private static int tlsPort;

    @BeforeAll
    static void start() {
        certs = TestCertificates.create("redis-tls");
        tlsPort = RedisServer.freePort();
        redis = RedisServer.withArgs(RedisServer.freePort(), null, serverArgs(tlsPort));
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
    }

    private static Map<String, String> settings(String node) {
        Map<String, String> s = Nodes.settings("rediss://127.0.0.1:" + tlsPort, node);
        s.put("gatehouse.cluster.redis.tls.trust-store", certs.caCert.toString());
        s.put("gatehouse.history.rooms", "h:*");
        return s;
    }

    @Test
    void nodesWithTheirCertificatesConnectOverMutualTlsAndDeliverAcrossEachOther() {
        Map<String, String> sa = settings("ta");
        sa.put("gatehouse.cluster.redis.tls.key-store", certs.clientP12.toString());
        sa.put("gatehouse.cluster.redis.tls.key-store-password", TestCertificates.P12_PASSWORD);
        Map<String, String> sb = settings("tb");
        sb.put("gatehouse.cluster.redis.tls.key-store", certs.clientPem.toString());
        GatehouseServer a = ClusterNodes.start(sa);
        GatehouseServer b = ClusterNodes.start(sb);
        try (TestClient onA = TestClient.connectWelcomed(a.uri(), TestServer.token("ann"));
                TestClient onB = TestClient.connectWelcomed(b.uri(), TestServer.token("ben"))) {
            ClusterNodes.await("both nodes connected over TLS", WAIT,
                    () -> a.gatehouse().clusterStatus().connected() && b.gatehouse().clusterStatus().connected());
            assertEquals("server rediss://127.0.0.1:" + tlsPort, a.gatehouse().clusterStatus().topology());
            for (TestClient c : new TestClient[] {onA, onB}) {
                c.send("room.join", "j", json("room", "h:tls"));
                nextOfType(c, "room.joined", WAIT);
            }
            JsonObject got = null;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (got == null) { // until B subscribes the room
                assertTrue(System.nanoTime() < deadline, "no room frame crossed over TLS");
                onA.send("room.send", null, json("room", "h:tls", "text", "over TLS"));
                got = Inbox.poll(onB, Duration.ofMillis(200));
                got = got != null && "room.msg".equals(got.getString("type")) ? got : null;
            }
            assertEquals("over TLS", got.getJsonObject("data").getString("text"));
            assertTrue(got.getJsonNumber("offset").longValue() >= 1, "the room's history took it: " + got);
            ClusterNodes.await("presence over TLS", WAIT, () -> new PresenceCount(0, 0)
                    .equals(b.gatehouse().connections().presence().count("chat:none").toCompletableFuture().join()));
            String clients = redis.command("CLIENT", "LIST");
            assertTrue(clients.lines().filter(l -> l.contains("name=gatehouse"))
                    .allMatch(l -> l.contains("laddr=127.0.0.1:" + tlsPort + " ")), clients);
        } finally {
            a.stop();
            b.stop();
        }
    }

    @Test
    void aNodeWithoutACertificateIsRefusedAtStartupNamingTheKeyStore() {
        long start = System.nanoTime();
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> RedisBackplane.create(ConfigSource.of(settings("nocert")), node("nocert")).close());
        assertEquals("gatehouse.cluster.redis.tls.key-store", e.property(), e.getMessage());
        System.out.printf("TLS without a client certificate: refused in %d ms: %s%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), e.getMessage());
    }

    @Test
    void aServerCertificateNoTrustedCaSignedIsRefusedAtStartupNamingTheTrustStore() {
        Map<String, String> s = settings("untrusting");
        s.remove("gatehouse.cluster.redis.tls.trust-store"); // the JDK's CAs
        s.put("gatehouse.cluster.redis.tls.key-store", certs.clientPem.toString());
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> RedisBackplane.create(ConfigSource.of(s), node("untrusting")).close());
        assertEquals("gatehouse.cluster.redis.tls.trust-store", e.property(), e.getMessage());
    }

    @Test
    void aWrongKeyStorePasswordFailsAtStartupNamingItWithoutShowingIt() {
        Map<String, String> s = settings("wrongpw");
        s.put("gatehouse.cluster.redis.tls.key-store", certs.clientP12.toString());
        s.put("gatehouse.cluster.redis.tls.key-store-password", "not-the-password-31");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> RedisBackplane.create(ConfigSource.of(s), node("wrongpw")).close());
        assertEquals("gatehouse.cluster.redis.tls.key-store-password", e.property(), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-password-31"), e.getMessage());
    }

    private static BackplaneProvider.Node node(String id) {
        return new BackplaneProvider.Node(id, Duration.ofSeconds(3));
    }

    /** The arguments that make a redis-server listen for TLS on {@code tlsPort}, client certificates required. */
    private static List<String> serverArgs(int tlsPort) {
        return List.of("--tls-port", Integer.toString(tlsPort), "--tls-cert-file", certs.serverCert.toString(),
                "--tls-key-file", certs.serverKey.toString(), "--tls-ca-cert-file", certs.caCert.toString(),
                "--tls-auth-clients", "yes");
    }
}
