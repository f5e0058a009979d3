package dev.gatehouse.internal.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * The meters on a Micrometer {@link MeterRegistry}. Timers publish a percentile histogram (bucket
 * counts, for {@code histogram_quantile} in Prometheus) over each meter's expected range. Loaded only
 * when Micrometer is on the class path.
 */
public final class MicrometerBackend implements MeterBackend {
    private final MeterRegistry registry;

    /** Meters on {@code registry}. */
    public MicrometerBackend(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Meters on a registry known only as an object here (a CDI bean of type {@code MeterRegistry}). */
    public static MeterBackend of(Object registry) {
        return new MicrometerBackend((MeterRegistry) registry);
    }

    /** Meters on Micrometer's global registry, which forwards to every registry added to it. */
    public static MeterBackend global() {
        return new MicrometerBackend(io.micrometer.core.instrument.Metrics.globalRegistry);
    }

    /** {@return the registry} */
    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public Counter counter(MeterSpec spec, List<String> tags) {
        var counter = io.micrometer.core.instrument.Counter.builder(spec.name()).description(spec.description())
                .tags(tags.toArray(String[]::new)).register(registry);
        return n -> counter.increment(n);
    }

    @Override
    public Timer timer(MeterSpec spec, List<String> tags) {
        var timer = io.micrometer.core.instrument.Timer.builder(spec.name()).description(spec.description()).tags(tags.toArray(String[]::new))
                .publishPercentileHistogram().minimumExpectedValue(spec.min()).maximumExpectedValue(spec.max())
                .register(registry);
        return nanos -> timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void gauge(MeterSpec spec, List<String> tags, DoubleSupplier value) {
        Gauge.builder(spec.name(), () -> value.getAsDouble()).description(spec.description())
                .tags(tags.toArray(String[]::new)).strongReference(true).register(registry);
    }

    @Override
    public String toString() {
        return "Micrometer (" + registry.getClass().getSimpleName() + ")";
    }
}
