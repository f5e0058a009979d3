package dev.gatehouse.it;

import static dev.gatehouse.testkit.MeterReadings.count;
import static dev.gatehouse.testkit.MeterReadings.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.Metrics;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * In diagnostic mode every upgrade goes ahead, and a refusal is an error frame and 1008: the
 * handshake meter still counts each verdict once, by outcome and code, as in the other mode.
 */
class DiagnosticModeMetersIT {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void aRefusedAndAnAcceptedHandshakeAreEachCountedOnce() {
        try (TestServer server = TestServer.start(c -> c.handshakeMode(GatehouseConfig.HandshakeMode.DIAGNOSTIC),
                g -> g.metrics(Metrics.micrometer(registry)))) {
            try (TestClient refused = TestClient.connect(server.uri(), TestServer.token("alice", Duration.ofMinutes(-5)))) {
                refused.nextError("TOKEN_EXPIRED");
                refused.assertClosed(1008, "TOKEN_EXPIRED");
            }
            try (TestClient accepted = TestClient.connectWelcomed(server.uri(), TestServer.token("bob"))) {
                accepted.assertOpen();
            }
            eventually(() -> count(registry, "gatehouse.handshakes", "outcome", "refused", "code", "TOKEN_EXPIRED"), 1);
            assertEquals(1, count(registry, "gatehouse.handshakes", "outcome", "accepted", "code", "none"));
        }
    }
}
