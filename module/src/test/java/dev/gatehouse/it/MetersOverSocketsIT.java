package dev.gatehouse.it;

import static dev.gatehouse.testkit.MeterReadings.count;
import static dev.gatehouse.testkit.MeterReadings.eventually;
import static dev.gatehouse.testkit.MeterReadings.timerCount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.Metrics;
import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.testkit.RawUpgrade;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The meters move when their events happen on a real server: handshakes by outcome and code,
 * handler calls by type and outcome, error frames by code, frames and bytes, closes by code and
 * reason, the welcome timer and the active gauge.
 */
class MetersOverSocketsIT {
    private static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(g -> g.metrics(Metrics.micrometer(REGISTRY))
                .handler(FrameHandler.of("echo", JsonObject.class, (d, ctx) -> ctx.reply("echo", d)))
                .handler(FrameHandler.of("boom", JsonObject.class, (d, ctx) -> {
                    throw new IllegalStateException("bug");
                })));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void acceptedAndRefusedHandshakesAreCountedByOutcomeAndCode() {
        double accepted = count(REGISTRY, "gatehouse.handshakes", "outcome", "accepted", "code", "none");
        double noToken = count(REGISTRY, "gatehouse.handshakes", "outcome", "refused", "code", "NO_TOKEN");
        double invalid = count(REGISTRY, "gatehouse.handshakes", "outcome", "refused", "code", "INVALID_TOKEN");
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"))) {
            client.assertOpen();
        }
        assertEquals(401, RawUpgrade.send(server.uri(), Map.of()).status());
        String forged = TestServer.tokenSignedWith("alice", "another-secret-of-at-least-256-bits-long!!");
        assertEquals(401, RawUpgrade.send(server.uri(), Map.of("Authorization", "Bearer " + forged)).status());
        assertEquals(accepted + 1, count(REGISTRY, "gatehouse.handshakes", "outcome", "accepted", "code", "none"));
        assertEquals(noToken + 1, count(REGISTRY, "gatehouse.handshakes", "outcome", "refused", "code", "NO_TOKEN"));
        assertEquals(invalid + 1, count(REGISTRY, "gatehouse.handshakes", "outcome", "refused", "code", "INVALID_TOKEN"));
        assertTrue(REGISTRY.get("gatehouse.handshake.duration").tag("outcome", "refused").timer().count() >= 2);
        assertTrue(REGISTRY.get("gatehouse.token.verification.duration").tag("algorithm", "HS256").timer().count() >= 1);
    }

    @Test
    void handlerCallsAreTimedByTypeAndOutcomeAndErrorFramesCountedByCode() {
        double errors = count(REGISTRY, "gatehouse.errors.sent", "code", "HANDLER_ERROR");
        double unknown = count(REGISTRY, "gatehouse.errors.sent", "code", "UNKNOWN_TYPE");
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"))) {
            client.send("echo", "1", null).next();
            client.send("boom", "2", null).nextError("HANDLER_ERROR");
            client.send("nobody.handles.this", "3", null).nextError("UNKNOWN_TYPE");
        }
        // Timed when the handler returns, which may be just after its answer reached the client.
        eventually(() -> timerCount(REGISTRY, "gatehouse.handler.duration", "type", "echo", "outcome", "ok") > 0 ? 1 : 0, 1);
        eventually(() -> timerCount(REGISTRY, "gatehouse.handler.duration", "type", "boom", "outcome", "error") > 0 ? 1 : 0, 1);
        eventually(() -> timerCount(REGISTRY, "gatehouse.handler.duration", "type", "other", "outcome", "ok") > 0 ? 1 : 0, 1);
        assertEquals(0, Search.in(REGISTRY).name("gatehouse.handler.duration").tag("type", "nobody.handles.this").meters().size());
        assertEquals(errors + 1, count(REGISTRY, "gatehouse.errors.sent", "code", "HANDLER_ERROR"));
        assertEquals(unknown + 1, count(REGISTRY, "gatehouse.errors.sent", "code", "UNKNOWN_TYPE"));
    }

    @Test
    void framesBytesClosesWelcomeAndActiveConnectionsMove() {
        double in = count(REGISTRY, "gatehouse.frames", "direction", "in");
        double out = count(REGISTRY, "gatehouse.frames", "direction", "out");
        double bytesIn = count(REGISTRY, "gatehouse.bytes", "direction", "in");
        double normal = count(REGISTRY, "gatehouse.connections.closed", "code", "1000", "reason", "other");
        long welcomes = REGISTRY.get("gatehouse.welcome.duration").timer().count();
        eventually(() -> REGISTRY.get("gatehouse.connections.active").gauge().value(), 0); // the other tests' closes
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"))) {
            client.send("echo", "1", null).next();
            eventually(() -> REGISTRY.get("gatehouse.connections.active").gauge().value(), 1);
            client.closeAndAwait(); // 1000 "bye": a reason of the client's own is tagged other
        }
        eventually(() -> count(REGISTRY, "gatehouse.connections.closed", "code", "1000", "reason", "other"), normal + 1);
        assertEquals(in + 1, count(REGISTRY, "gatehouse.frames", "direction", "in"));
        assertEquals(out + 2, count(REGISTRY, "gatehouse.frames", "direction", "out"), "the welcome and the echo");
        assertTrue(count(REGISTRY, "gatehouse.bytes", "direction", "in") > bytesIn + 10);
        assertEquals(welcomes + 1, REGISTRY.get("gatehouse.welcome.duration").timer().count());
        eventually(() -> REGISTRY.get("gatehouse.connections.active").gauge().value(), 0);
    }

    @Test
    void everyMeterIsRegisteredUnderADocumentedName() {
        var documented = dev.gatehouse.internal.metrics.GatehouseMetrics.METERS.stream()
                .map(dev.gatehouse.internal.metrics.MeterSpec::name).toList();
        for (Meter meter : REGISTRY.getMeters()) {
            assertTrue(documented.contains(meter.getId().getName()), meter.getId().getName());
        }
    }
}
