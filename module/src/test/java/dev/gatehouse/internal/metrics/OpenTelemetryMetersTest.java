package dev.gatehouse.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ErrorCode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The OpenTelemetry adapter, read back with the SDK's in-memory reader: counters, histograms in seconds, gauges. */
class OpenTelemetryMetersTest {
    private final InMemoryMetricReader reader = InMemoryMetricReader.create();
    private final SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build();
    private final GatehouseMetrics metrics = new GatehouseMetrics(
            new OpenTelemetryBackend(provider.get(OpenTelemetryBackend.SCOPE)), List.of("chat.send"));

    @Test
    void countersCarryTheirTagsAsAttributes() {
        metrics.handshake(null, 1_000);
        metrics.handshake("NO_TOKEN", 2_000);
        metrics.handshake("NO_TOKEN", 2_000);
        metrics.errorSent(ErrorCode.HANDLER_ERROR);
        Collection<MetricData> data = reader.collectAllMetrics();
        assertEquals(1, sum(data, "gatehouse.handshakes", Attributes.of(key("outcome"), "accepted", key("code"), "none")));
        assertEquals(2, sum(data, "gatehouse.handshakes", Attributes.of(key("outcome"), "refused", key("code"), "NO_TOKEN")));
        assertEquals(1, sum(data, "gatehouse.errors.sent", Attributes.of(key("code"), "HANDLER_ERROR")));
    }

    @Test
    void timersRecordSecondsIntoAHistogramWithBucketsOverTheirRange() {
        metrics.handler("chat.send", GatehouseMetrics.HandlerOutcome.OK, TimeUnit.MILLISECONDS.toNanos(3));
        metrics.handler("not.registered", GatehouseMetrics.HandlerOutcome.ERROR, TimeUnit.MILLISECONDS.toNanos(1));
        MetricData handler = metric(reader.collectAllMetrics(), "gatehouse.handler.duration");
        assertEquals("s", handler.getUnit());
        HistogramPointData ok = histogram(handler, Attributes.of(key("type"), "chat.send", key("outcome"), "ok"));
        assertEquals(1, ok.getCount());
        assertEquals(0.003, ok.getSum(), 1e-9);
        assertTrue(ok.getBoundaries().contains(0.0025) && ok.getBoundaries().contains(0.005), ok.getBoundaries().toString());
        assertEquals(1, histogram(handler, Attributes.of(key("type"), "other", key("outcome"), "error")).getCount(),
                "an unregistered type is recorded as other");
    }

    @Test
    void gaugesAreReadWhenCollected() {
        AtomicInteger open = new AtomicInteger(3);
        metrics.activeConnections(open::get);
        assertEquals(3, gauge(reader.collectAllMetrics(), "gatehouse.connections.active"));
        open.set(5);
        assertEquals(5, gauge(reader.collectAllMetrics(), "gatehouse.connections.active"));
    }

    @Test
    void bucketBoundariesRunOneTwoAndAHalfFivePerDecade() {
        assertEquals(List.of(0.001, 0.0025, 0.005, 0.01), OpenTelemetryBackend.boundaries(0.001, 0.01));
    }

    private static AttributeKey<String> key(String name) {
        return AttributeKey.stringKey(name);
    }

    private static MetricData metric(Collection<MetricData> data, String name) {
        return data.stream().filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name));
    }

    private static long sum(Collection<MetricData> data, String name, Attributes attributes) {
        return metric(data, name).getLongSumData().getPoints().stream()
                .filter(p -> p.getAttributes().equals(attributes)).mapToLong(LongPointData::getValue).sum();
    }

    private static HistogramPointData histogram(MetricData metric, Attributes attributes) {
        return metric.getHistogramData().getPoints().stream().filter(p -> p.getAttributes().equals(attributes))
                .findFirst().orElseThrow(() -> new AssertionError("no point " + attributes));
    }

    private static double gauge(Collection<MetricData> data, String name) {
        return metric(data, name).getDoubleGaugeData().getPoints().iterator().next().getValue();
    }
}
