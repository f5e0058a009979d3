package dev.gatehouse.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.CloseReasons;
import dev.gatehouse.ErrorCode;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Each event moves its meter, with tags kept low-cardinality (Micrometer's SimpleMeterRegistry). */
class GatehouseMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final GatehouseMetrics metrics = new GatehouseMetrics(new MicrometerBackend(registry), List.of("chat.send"));

    @Test
    void closesAreCountedByCodeAndKnownReasonOthersAreOther() {
        metrics.connectionClosed(1001, CloseReasons.SERVER_SHUTDOWN, 1_000_000);
        metrics.connectionClosed(1008, ErrorCode.TOKEN_EXPIRED.name(), 1_000_000);
        metrics.connectionClosed(4001, "the application's own words", 1_000_000);
        metrics.connectionClosed(1000, "", 1_000_000);
        assertEquals(1, count("gatehouse.connections.closed", "code", "1001", "reason", "SERVER_SHUTDOWN"));
        assertEquals(1, count("gatehouse.connections.closed", "code", "1008", "reason", "TOKEN_EXPIRED"));
        assertEquals(1, count("gatehouse.connections.closed", "code", "application", "reason", "other"));
        assertEquals(1, count("gatehouse.connections.closed", "code", "1000", "reason", "none"));
        assertEquals(4, registry.get("gatehouse.connection.duration").timer().count());
    }

    @Test
    void refusalCodesBeyondTheBoundAreCountedAsOther() {
        for (int i = 0; i < GatehouseMetrics.REFUSAL_CODES + 10; i++) {
            metrics.handshake("CODE_" + i, 1_000);
        }
        metrics.handshake("CODE_0", 1_000);
        assertEquals(2, count("gatehouse.handshakes", "outcome", "refused", "code", "CODE_0"));
        assertEquals(10, count("gatehouse.handshakes", "outcome", "refused", "code", "other"));
        assertEquals(GatehouseMetrics.REFUSAL_CODES + 1, registry.find("gatehouse.handshakes").tag("outcome", "refused").counters().size());
    }

    @Test
    void tokenCacheAndVerificationsAreCountedByResultAndAlgorithm() {
        metrics.tokenCache(true);
        metrics.tokenCache(true);
        metrics.tokenCache(false);
        metrics.tokenVerified("RS256", 50_000);
        metrics.tokenVerified("XX999", 50_000);
        metrics.tokenVerified(null, 50_000);
        assertEquals(2, count("gatehouse.token.cache", "result", "hit"));
        assertEquals(1, count("gatehouse.token.cache", "result", "miss"));
        assertEquals(1, registry.get("gatehouse.token.verification.duration").tag("algorithm", "RS256").timer().count());
        assertEquals(2, registry.get("gatehouse.token.verification.duration").tag("algorithm", "other").timer().count());
    }

    @Test
    void readinessFailuresAreCountedByCause() {
        metrics.readinessFailed(GatehouseMetrics.ReadinessFailure.TIMEOUT);
        metrics.readinessFailed(GatehouseMetrics.ReadinessFailure.CHECK_THREW);
        assertEquals(1, count("gatehouse.readiness.failures", "cause", "timeout"));
        assertEquals(1, count("gatehouse.readiness.failures", "cause", "check_threw"));
        assertEquals(0, count("gatehouse.readiness.failures", "cause", "not_ready"));
    }

    @Test
    void sendQueueHighWaterKeepsTheDeepestQueueSeen() {
        metrics.sendQueueDepth(3);
        metrics.sendQueueDepth(17);
        metrics.sendQueueDepth(5);
        assertEquals(17, registry.get("gatehouse.send_queue.high_water").gauge().value());
    }

    @Test
    void authRefreshIsCountedByOutcome() {
        metrics.authRefresh(null);
        metrics.authRefresh(ErrorCode.INVALID_TOKEN);
        assertEquals(1, count("gatehouse.auth_refresh", "outcome", "accepted"));
        assertEquals(1, count("gatehouse.auth_refresh", "outcome", "INVALID_TOKEN"));
    }

    @Test
    void backplaneMetersFollowPublishesDeliveriesDropsAndTheLink() {
        AtomicBoolean connected = new AtomicBoolean(true);
        metrics.backplaneConnected("redis", connected::get);
        metrics.published();
        metrics.received(2_000_000);
        metrics.received(-5); // a clock behind the sender's: no negative lag
        metrics.dropped("queue_full", 3);
        assertEquals(1, registry.get("gatehouse.backplane.connected").tag("engine", "redis").gauge().value());
        connected.set(false);
        assertEquals(0, registry.get("gatehouse.backplane.connected").gauge().value());
        assertEquals(1, count("gatehouse.backplane.published"));
        assertEquals(2, count("gatehouse.backplane.received"));
        assertEquals(3, count("gatehouse.backplane.dropped", "reason", "queue_full"));
        assertEquals(2_000_000, registry.get("gatehouse.backplane.lag").timer().max(java.util.concurrent.TimeUnit.NANOSECONDS));
    }

    @Test
    void bytesAreCountedInUtf8() {
        metrics.frameIn("aé€😀"); // 1 + 2 + 3 + 4 bytes
        assertEquals(10, count("gatehouse.bytes", "direction", "in"));
        assertEquals(1, count("gatehouse.frames", "direction", "in"));
    }

    @Test
    void onlyDocumentedMetersAreRegistered() {
        List<String> names = GatehouseMetrics.METERS.stream().map(MeterSpec::name).toList();
        registry.getMeters().forEach(m -> org.junit.jupiter.api.Assertions.assertTrue(names.contains(m.getId().getName()),
                m.getId().getName()));
    }

    private double count(String name, String... tags) {
        var counter = Search.in(registry).name(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }
}
