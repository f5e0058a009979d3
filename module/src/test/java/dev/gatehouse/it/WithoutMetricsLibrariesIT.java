package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.testkit.ForkedServer;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Micrometer, OpenTelemetry and Prometheus are optional: a server whose class path has none of them
 * starts, welcomes, answers frames and closes, with no class-loading failure.
 */
class WithoutMetricsLibrariesIT {
    @Test
    void aServerWithoutAnyMetricsLibraryServesConnections() throws Exception {
        try (ForkedServer server = ForkedServer.start("true",
                List.of("micrometer", "opentelemetry", "prometheus", "HdrHistogram", "LatencyUtils"))) {
            URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/ws");
            try (TestClient client = TestClient.connectWelcomed(uri, TestServer.token("alice"))) {
                assertEquals("pong", client.send("ping", "p1", null).next().getString("type"));
                client.send("no.handler", "u1", null).nextError("UNKNOWN_TYPE");
                assertEquals(1000, client.closeAndAwait().code());
            }
        }
    }
}
