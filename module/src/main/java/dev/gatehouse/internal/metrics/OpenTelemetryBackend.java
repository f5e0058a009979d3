package dev.gatehouse.internal.metrics;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/**
 * The meters on an OpenTelemetry {@link Meter} (MicroProfile Telemetry 2, or an application's SDK).
 * Counters are {@code LongCounter}s, timers {@code DoubleHistogram}s in seconds with bucket
 * boundaries over each meter's expected range, gauges observable gauges. One instrument per name;
 * tags become attributes. Loaded only when the OpenTelemetry API is on the class path.
 */
public final class OpenTelemetryBackend implements MeterBackend {
    /** The instrumentation scope of Gatehouse's meters. */
    public static final String SCOPE = "dev.gatehouse";

    private final Meter meter;
    private final Map<String, LongCounter> counters = new ConcurrentHashMap<>();
    private final Map<String, DoubleHistogram> histograms = new ConcurrentHashMap<>();

    /** Meters on {@code meter}. */
    public OpenTelemetryBackend(Meter meter) {
        this.meter = meter;
    }

    /**
     * Meters on a bean known only as an object here: an OpenTelemetry {@code Meter}, or an
     * {@code OpenTelemetry} whose meter of scope {@value #SCOPE} is used.
     */
    public static MeterBackend of(Object meterOrOpenTelemetry) {
        return new OpenTelemetryBackend(meterOrOpenTelemetry instanceof io.opentelemetry.api.OpenTelemetry otel
                ? otel.getMeter(SCOPE) : (Meter) meterOrOpenTelemetry);
    }

    /** Meters on the global OpenTelemetry (a no-op until an SDK registers itself as global). */
    public static MeterBackend global() {
        return new OpenTelemetryBackend(GlobalOpenTelemetry.getMeter(SCOPE));
    }

    @Override
    public Counter counter(MeterSpec spec, List<String> tags) {
        LongCounter counter = counters.computeIfAbsent(spec.name(),
                name -> meter.counterBuilder(name).setDescription(spec.description()).build());
        Attributes attributes = attributes(tags);
        return n -> counter.add(n, attributes);
    }

    @Override
    public Timer timer(MeterSpec spec, List<String> tags) {
        DoubleHistogram histogram = histograms.computeIfAbsent(spec.name(), name -> histogram(spec));
        Attributes attributes = attributes(tags);
        return nanos -> histogram.record(nanos / 1e9, attributes);
    }

    @Override
    public void gauge(MeterSpec spec, List<String> tags, DoubleSupplier value) {
        Attributes attributes = attributes(tags);
        meter.gaugeBuilder(spec.name()).setDescription(spec.description())
                .buildWithCallback(m -> m.record(value.getAsDouble(), attributes));
    }

    @Override
    public String toString() {
        return "OpenTelemetry";
    }

    private DoubleHistogram histogram(MeterSpec spec) {
        DoubleHistogramBuilder builder = meter.histogramBuilder(spec.name()).setDescription(spec.description()).setUnit("s");
        try {
            builder.setExplicitBucketBoundariesAdvice(boundaries(spec.min().toNanos() / 1e9, spec.max().toNanos() / 1e9));
        } catch (NoSuchMethodError olderApi) {
            // An API before 1.32 (Payara 6 ships one) has no bucket advice: the SDK's default buckets, then.
        }
        return builder.build();
    }

    private static Attributes attributes(List<String> tags) {
        AttributesBuilder b = Attributes.builder();
        for (int i = 0; i < tags.size(); i += 2) {
            b.put(tags.get(i), tags.get(i + 1));
        }
        return b.build();
    }

    /** 1, 2.5, 5 per decade from {@code min} to {@code max} seconds. */
    static List<Double> boundaries(double min, double max) {
        List<Double> bounds = new ArrayList<>();
        for (double decade = Math.pow(10, Math.floor(Math.log10(min))); decade <= max; decade *= 10) {
            for (double step : new double[] {1, 2.5, 5}) {
                double b = decade * step;
                if (b >= min && b <= max * 1.0001) {
                    bounds.add(Double.parseDouble(String.format(java.util.Locale.ROOT, "%.9g", b)));
                }
            }
        }
        return bounds;
    }
}
