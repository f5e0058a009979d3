package dev.gatehouse;

import dev.gatehouse.internal.metrics.MeterBackend;
import dev.gatehouse.internal.metrics.MicrometerBackend;
import dev.gatehouse.internal.metrics.OpenTelemetryBackend;
import java.util.Objects;

/**
 * Where Gatehouse's meters go (README "Metrics"), handed to {@link Gatehouse.Builder#metrics}.
 * Without one, Gatehouse finds a back end itself when {@code gatehouse.metrics.enabled} is true:
 * in a WAR an application's CDI bean ({@code MeterRegistry}, or OpenTelemetry's {@code Meter});
 * else Micrometer's global registry when Micrometer is on the class path; else the global
 * OpenTelemetry when its API is; else none. Each library is optional: the factory methods below are
 * the only places that name their types, and nothing loads them unless called.
 */
public final class Metrics {
    private static final Metrics NONE = new Metrics(MeterBackend.NONE);

    private final MeterBackend backend;

    private Metrics(MeterBackend backend) {
        this.backend = backend;
    }

    /**
     * Gatehouse's meters on a Micrometer registry (a {@code PrometheusMeterRegistry}, Spring's or
     * Quarkus' registry, WildFly's).
     *
     * @param registry the registry
     * @return the choice
     */
    public static Metrics micrometer(io.micrometer.core.instrument.MeterRegistry registry) {
        return new Metrics(new MicrometerBackend(Objects.requireNonNull(registry, "registry")));
    }

    /**
     * Gatehouse's meters on an OpenTelemetry meter, for example
     * {@code openTelemetry.getMeter("dev.gatehouse")}.
     *
     * @param meter the meter
     * @return the choice
     */
    public static Metrics openTelemetry(io.opentelemetry.api.metrics.Meter meter) {
        return new Metrics(new OpenTelemetryBackend(Objects.requireNonNull(meter, "meter")));
    }

    /** {@return no meters at all, whatever is on the class path} */
    public static Metrics none() {
        return NONE;
    }

    MeterBackend backend() {
        return backend;
    }

    @Override
    public String toString() {
        return backend.toString();
    }
}
