package dev.gatehouse.it;

import static dev.gatehouse.testkit.MeterReadings.count;
import static dev.gatehouse.testkit.MeterReadings.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.Metrics;
import dev.gatehouse.spi.ReadinessCheck;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.json.Json;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle's meters over real sockets: readiness failures by cause, frames held for the
 * welcome, rate-limited frames, {@code auth_refresh} outcomes and verified-token cache hits.
 */
class LifecycleMetersIT {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void aReadinessCheckThatSaysNoIsCountedAsNotReady() {
        ReadinessCheck no = () -> false;
        try (TestServer server = TestServer.start(g -> g.metrics(Metrics.micrometer(registry)).readinessCheck(no));
                TestClient client = TestClient.connect(server.uri(), TestServer.token("alice"))) {
            client.nextError("SERVICE_UNAVAILABLE");
            eventually(() -> count(registry, "gatehouse.readiness.failures", "cause", "not_ready"), 1);
            assertEquals(0, count(registry, "gatehouse.readiness.failures", "cause", "timeout"));
        }
    }

    @Test
    void framesBeforeTheWelcomeAreCountedAsEarly() {
        try (TestServer server = TestServer.start(g -> g.metrics(Metrics.micrometer(registry))
                .connectionSetup(c -> CompletableFuture.runAsync(() -> { },
                        CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS))));
                TestClient client = TestClient.connect(server.uri(),
                        Map.of("Authorization", "Bearer " + TestServer.token("alice")), List.of())) {
            client.send("ping", "p1", null).send("ping", "p2", null);
            client.next(); // the welcome
            client.next();
            client.next();
            assertEquals(2, count(registry, "gatehouse.frames.early"));
        }
    }

    @Test
    void framesOverTheRateLimitAreCounted() {
        try (TestServer server = TestServer.start(c -> c.rateLimit(1), g -> g.metrics(Metrics.micrometer(registry)));
                TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"))) {
            for (int i = 0; i < 5; i++) {
                client.send("unhandled", "u" + i, null); // pings are never rate-limited
            }
            long limited = java.util.stream.IntStream.range(0, 5).mapToObj(i -> client.next())
                    .filter(f -> f.toString().contains("RATE_LIMITED")).count();
            assertEquals(4, limited, "one frame a second, the rest RATE_LIMITED");
            eventually(() -> count(registry, "gatehouse.frames.rate_limited") > 0 ? 1 : 0, 1);
            assertEquals(count(registry, "gatehouse.frames.rate_limited"), count(registry, "gatehouse.errors.sent", "code", "RATE_LIMITED"));
        }
    }

    @Test
    void authRefreshOutcomesAndCacheHitsAreCounted() {
        String token = TestServer.token("alice");
        try (TestServer server = TestServer.start(g -> g.metrics(Metrics.micrometer(registry)));
                TestClient first = TestClient.connectWelcomed(server.uri(), token);
                TestClient again = TestClient.connectWelcomed(server.uri(), token)) {
            eventually(() -> count(registry, "gatehouse.token.cache", "result", "hit") > 0 ? 1 : 0, 1);
            first.send("auth_refresh", "r1", Json.createObjectBuilder().add("token", TestServer.token("alice")).build());
            first.next();
            first.send("auth_refresh", "r2", Json.createObjectBuilder().add("token", "not.a.token").build());
            first.nextError("INVALID_TOKEN");
            eventually(() -> count(registry, "gatehouse.auth_refresh", "outcome", "INVALID_TOKEN"), 1);
            assertEquals(1, count(registry, "gatehouse.auth_refresh", "outcome", "accepted"));
            again.assertOpen();
        }
    }
}
