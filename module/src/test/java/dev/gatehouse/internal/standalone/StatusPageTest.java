package dev.gatehouse.internal.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.internal.metrics.GatehouseMetrics;
import dev.gatehouse.internal.metrics.MicrometerBackend;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The snapshot {@code /status/data} answers: the catalog's meters, summed over their tags. */
class StatusPageTest {

    private static JsonObject parse(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }

    @Test
    void snapshotSumsTheMetersOverTheirTags() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        GatehouseMetrics metrics = new GatehouseMetrics(new MicrometerBackend(registry), List.of("echo"));
        metrics.activeConnections(() -> 2);
        metrics.connectionOpened();
        metrics.connectionOpened();
        metrics.connectionOpened();
        metrics.connectionClosed(1000, "bye", 1_000);
        metrics.connectionClosed(1008, "SLOW_CONSUMER", 1_000);
        metrics.handshake(null, 1_000);
        metrics.handshake("NO_TOKEN", 1_000);
        metrics.handshake("NO_TOKEN", 1_000);
        metrics.handshake("INVALID_TOKEN", 1_000);
        metrics.frameIn("{\"type\":\"echo\"}");
        metrics.frameOut("{}");
        metrics.frameOut("{}");
        metrics.errorSent(ErrorCode.UNKNOWN_TYPE);
        metrics.welcome(TimeUnit.MILLISECONDS.toNanos(4));
        metrics.welcome(TimeUnit.MILLISECONDS.toNanos(6));

        JsonObject s = parse(new StatusPage(registry).snapshot());

        JsonObject connections = s.getJsonObject("connections");
        assertEquals(2, connections.getJsonNumber("active").doubleValue());
        assertEquals(3, connections.getInt("opened"));
        assertEquals(2, connections.getInt("closed"));
        assertEquals(parse("{\"SLOW_CONSUMER\":1,\"other\":1}"), connections.getJsonObject("closedByReason"));
        assertEquals(parse("{\"1000\":1,\"1008\":1}"), connections.getJsonObject("closedByCode"));
        JsonObject handshakes = s.getJsonObject("handshakes");
        assertEquals(1, handshakes.getInt("accepted"));
        assertEquals(3, handshakes.getInt("refused"));
        assertEquals(parse("{\"INVALID_TOKEN\":1,\"NO_TOKEN\":2}"), handshakes.getJsonObject("refusedByCode"));
        assertEquals(parse("{\"in\":1,\"out\":2}"), s.getJsonObject("frames"));
        assertTrue(s.getJsonObject("bytes").getInt("in") > 10);
        assertEquals(parse("{\"UNKNOWN_TYPE\":1}"), s.getJsonObject("errorsSent"), "zero counts are left out");
        JsonObject welcome = s.getJsonObject("welcome");
        assertEquals(2, welcome.getInt("count"));
        assertEquals(10.0, welcome.getJsonNumber("totalMs").doubleValue(), 0.01);
        assertEquals(6.0, welcome.getJsonNumber("maxMs").doubleValue(), 0.01);
        assertTrue(s.getJsonNumber("time").longValue() > 0);
    }

    @Test
    void emptyRegistryGivesZerosNotNulls() {
        JsonObject s = parse(new StatusPage(new SimpleMeterRegistry()).snapshot());
        assertEquals(0, s.getJsonObject("connections").getInt("opened"));
        assertEquals(0, s.getJsonObject("welcome").getInt("count"));
        assertEquals(parse("{}"), s.getJsonObject("errorsSent"));
    }

    @Test
    void anEmptyCompositeGetsARegistryThatCounts() {
        CompositeMeterRegistry composite = new CompositeMeterRegistry();
        GatehouseMetrics metrics = new GatehouseMetrics(new MicrometerBackend(composite), List.of());
        StatusPage.handlers(metrics);
        metrics.connectionOpened();
        assertEquals(1, composite.getRegistries().size());
        assertEquals(1, parse(new StatusPage(composite).snapshot()).getJsonObject("connections").getInt("opened"));
    }
}
