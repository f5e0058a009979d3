package dev.gatehouse.it;

import static dev.gatehouse.it.HandshakeRefusals.assertNoToken;
import static dev.gatehouse.it.HandshakeRefusals.assertRefused;
import static dev.gatehouse.testkit.MeterReadings.count;
import static dev.gatehouse.testkit.MeterReadings.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.Metrics;
import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.spi.UpgradeDecision;
import dev.gatehouse.testkit.RawUpgrade;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import dev.gatehouse.testkit.Uninterruptibly;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Upgrade checks on a real server over real sockets (PROTOCOL.md §1.3): they run after the token
 * is verified, in order, see the claims and the request; a refusal reaches the client with the
 * check's status and code and is counted under that code; what an allow keeps is what handlers
 * read on the connection, and nothing else; a check that throws is answered
 * {@code 500 UPGRADE_CHECK_FAILED}, one that hangs {@code 503 SERVICE_UNAVAILABLE} at
 * {@code gatehouse.auth.timeout}.
 */
class UpgradeChecksIT {
    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    /** The addresses the address check refuses; a test adds to it and removes again. */
    private static final Set<String> DENIED_ADDRESSES = ConcurrentHashMap.newKeySet();
    private static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.authTimeout(Duration.ofSeconds(1)), g -> g
                .metrics(Metrics.micrometer(REGISTRY))
                .upgradeCheck(request -> {
                    String subject = request.token().subject();
                    if (subject.startsWith("throw")) {
                        throw new IllegalStateException("the tenant database is down");
                    }
                    if (subject.startsWith("hang")) {
                        Uninterruptibly.await(RELEASE); // a call to a server that does not answer
                    }
                    String address = request.remoteAddress().orElse("unknown");
                    return DENIED_ADDRESSES.contains(address)
                            ? UpgradeDecision.refuse(403, "ADDRESS_DENIED", "Connections from this address are not allowed")
                            : UpgradeDecision.allow(Map.of("address", address));
                })
                .upgradeCheck(request -> {
                    Object tenant = request.token().claims().get("tenant");
                    if (!"acme".equals(tenant)) {
                        return UpgradeDecision.refuse(403, "WRONG_TENANT", "This server serves tenant acme only");
                    }
                    return UpgradeDecision.allow(Map.of("tenant", tenant,
                            "client-version", request.header("X-Client-Version").orElse("none")));
                })
                .handler(FrameHandler.of("attributes", JsonObject.class, (d, ctx) -> {
                    var reply = Json.createObjectBuilder();
                    new TreeMap<>(ctx.connection().attributes()).forEach((k, v) -> reply.add(k, String.valueOf(v)));
                    ctx.reply("attributes", reply.build());
                })));
    }

    @AfterAll
    static void stop() {
        RELEASE.countDown();
        server.close();
    }

    private static String acme(String subject) {
        return TestServer.token(subject, Map.of("tenant", "acme"));
    }

    @Test
    void aClientFromADeniedAddressIsRefusedWithTheChecksStatusAndCode() {
        DENIED_ADDRESSES.add("127.0.0.1");
        try {
            String token = acme("alice");
            RawUpgrade.Response response = RawUpgrade.send(server.uri(), Map.of("Authorization", "Bearer " + token));
            assertRefused(response, 403, null, "ADDRESS_DENIED");
            assertNoToken(response, token);
            eventually(() -> count(REGISTRY, "gatehouse.handshakes", "outcome", "refused", "code", "ADDRESS_DENIED"), 1);
        } finally {
            DENIED_ADDRESSES.clear();
        }
    }

    @Test
    void aTokenOfAnotherTenantIsRefusedByTheSecondCheck() {
        String token = TestServer.token("bob", Map.of("tenant", "globex"));
        RawUpgrade.Response response = RawUpgrade.send(server.uri(), Map.of("Authorization", "Bearer " + token));
        assertRefused(response, 403, null, "WRONG_TENANT");
        eventually(() -> count(REGISTRY, "gatehouse.handshakes", "outcome", "refused", "code", "WRONG_TENANT"), 1);
    }

    @Test
    void handlersReadWhatTheChecksKeptAndNothingElseOfTheRequest() {
        try (TestClient client = TestClient.connect(server.uri(),
                Map.of("Authorization", "Bearer " + acme("carol"), "X-Client-Version", "7.1", "X-Other", "secret"),
                List.of())) {
            client.next(); // the welcome
            client.send("attributes", "1", null);
            JsonObject attributes = client.next().getJsonObject("data");
            assertEquals(Json.createObjectBuilder().add("address", "127.0.0.1").add("client-version", "7.1")
                    .add("tenant", "acme").build(), attributes);
        }
    }

    @Test
    void inDiagnosticModeARefusalClosesWith1008AndTheChecksCode() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TestServer diagnostic = TestServer.start(c -> c.handshakeMode(GatehouseConfig.HandshakeMode.DIAGNOSTIC),
                g -> g.metrics(Metrics.micrometer(registry)).upgradeCheck(request ->
                        UpgradeDecision.refuse(403, "WRONG_TENANT", "This server serves tenant acme only")));
                TestClient client = TestClient.connect(diagnostic.uri(), TestServer.token("bob"))) {
            client.assertClosed(1008, "WRONG_TENANT");
            eventually(() -> count(registry, "gatehouse.handshakes", "outcome", "refused", "code", "WRONG_TENANT"), 1);
        }
    }

    @Test
    void aCheckThatThrowsRefusesTheUpgradeWith500() {
        String token = acme("throwing");
        RawUpgrade.Response response = RawUpgrade.send(server.uri(), Map.of("Authorization", "Bearer " + token));
        assertRefused(response, 500, null, "UPGRADE_CHECK_FAILED");
        assertTrue(!response.raw().contains("tenant database"), "the exception's message reached the client");
    }

    @Test
    void aCheckThatHangsIsAnsweredAtTheHandshakesTimeLimit() {
        RawUpgrade.Response response = RawUpgrade.send(server.uri(),
                Map.of("Authorization", "Bearer " + acme("hanging")));
        assertEquals(503, response.status(), response.raw());
        assertTrue(response.body().contains("SERVICE_UNAVAILABLE"), response.raw());
        assertTrue(response.header("Retry-After") != null, response.raw());
        assertTrue(response.elapsed().compareTo(Duration.ofSeconds(4)) < 0, "answered after " + response.elapsed());
    }
}
