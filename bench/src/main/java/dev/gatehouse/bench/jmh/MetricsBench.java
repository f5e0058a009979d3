package dev.gatehouse.bench.jmh;

import dev.gatehouse.internal.metrics.GatehouseMetrics;
import dev.gatehouse.internal.metrics.MicrometerBackend;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What the meters cost one echoed message (a frame in, a handler call, a frame out, the send
 * queue's depth) and one handshake's connection (decided, opened, welcomed, closed), on a
 * Prometheus registry and with the meters off.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MetricsBench {
    private final GatehouseMetrics on = new GatehouseMetrics(
            new MicrometerBackend(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)), List.of("echo"));
    private final GatehouseMetrics off = GatehouseMetrics.none();

    @Benchmark
    public void messageOnPrometheus() {
        message(on);
    }

    @Benchmark
    public void messageOff() {
        message(off);
    }

    @Benchmark
    public void connectionOnPrometheus() {
        connection(on);
    }

    @Benchmark
    public void connectionOff() {
        connection(off);
    }

    private static void message(GatehouseMetrics m) {
        m.frameIn(CodecBench.FRAME);
        m.handler("echo", GatehouseMetrics.HandlerOutcome.OK, 1_500);
        m.sendQueueDepth(1);
        m.frameOut(CodecBench.FRAME);
    }

    private static void connection(GatehouseMetrics m) {
        m.tokenCache(false);
        m.tokenVerified("HS256", 9_000);
        m.handshake(null, 12_000);
        m.connectionOpened();
        m.welcome(40_000);
        m.frameOut(CodecBench.FRAME);
        m.connectionClosed(1000, "", 3_000_000);
    }
}
