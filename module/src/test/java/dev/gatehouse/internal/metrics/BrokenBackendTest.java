package dev.gatehouse.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * A metrics library of a version the adapter does not fit (Payara 6 ships an OpenTelemetry API
 * without bucket advice) throws a LinkageError when meters are created: Gatehouse then records
 * none, and still starts.
 */
class BrokenBackendTest {
    /** Creates counters, then fails like a library missing a method. */
    private static final class Broken implements MeterBackend {
        @Override
        public Counter counter(MeterSpec spec, List<String> tags) {
            return Counter.NONE;
        }

        @Override
        public Timer timer(MeterSpec spec, List<String> tags) {
            throw new NoSuchMethodError("DoubleHistogramBuilder.setExplicitBucketBoundariesAdvice");
        }

        @Override
        public void gauge(MeterSpec spec, List<String> tags, DoubleSupplier value) {
            throw new NoSuchMethodError("gaugeBuilder");
        }
    }

    @Test
    void aLibraryThatCannotCreateTheMetersLeavesGatehouseRecordingNone() {
        GatehouseMetrics metrics = GatehouseMetrics.on(new Broken(), List.of("echo"));
        assertSame(MeterBackend.NONE, metrics.backend());
        metrics.handler("echo", GatehouseMetrics.HandlerOutcome.OK, 1_000); // records nothing, throws nothing
    }

    @Test
    void aGaugeTheLibraryRefusesLaterIsLeftOutAndTheOtherMetersStay() {
        MeterBackend refusingOneGauge = new MeterBackend() {
            @Override
            public Counter counter(MeterSpec spec, List<String> tags) {
                return Counter.NONE;
            }

            @Override
            public Timer timer(MeterSpec spec, List<String> tags) {
                return Timer.NONE;
            }

            @Override
            public void gauge(MeterSpec spec, List<String> tags, DoubleSupplier value) {
                if (spec.name().equals("gatehouse.connections.active")) {
                    throw new NoSuchMethodError("gaugeBuilder");
                }
            }
        };
        GatehouseMetrics metrics = GatehouseMetrics.on(refusingOneGauge, List.of());
        metrics.activeConnections(() -> 3); // logged, not thrown
        assertSame(refusingOneGauge, metrics.backend());
    }
}
