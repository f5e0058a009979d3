package dev.gatehouse.internal.metrics;

import dev.gatehouse.ConfigurationException;

/**
 * Finds a metrics back end on the class path: Micrometer's global registry, else the global
 * OpenTelemetry, else none. The adapters are touched only after their library was found, so a
 * missing library costs nothing and fails nothing; this class names none of their types.
 */
public final class Backends {
    /** The setting that turns the standalone server's {@code /metrics} on. */
    public static final String PROMETHEUS_SETTING = "gatehouse.metrics.prometheus";
    /** The setting that turns the standalone server's {@code /status} page on. */
    public static final String STATUS_SETTING = "gatehouse.status.enabled";

    private Backends() {
    }

    /**
     * Checks that {@code /metrics} can be served from these meters, before anything else loads.
     *
     * @throws ConfigurationException naming {@link #PROMETHEUS_SETTING} when Micrometer's Prometheus registry is
     *     missing, or the meters go elsewhere than to Micrometer
     */
    public static void checkPrometheus(GatehouseMetrics metrics) {
        requireMicrometer(PROMETHEUS_SETTING, "io.micrometer.prometheusmetrics.PrometheusMeterRegistry",
                "needs io.micrometer:micrometer-registry-prometheus on the class path (and io.micrometer:micrometer-core)",
                metrics);
    }

    /**
     * Checks that {@code /status} can read these meters, before anything else loads.
     *
     * @throws ConfigurationException naming {@link #STATUS_SETTING} when Micrometer is missing, or the
     *     meters go elsewhere than to Micrometer
     */
    public static void checkStatus(GatehouseMetrics metrics) {
        requireMicrometer(STATUS_SETTING, "io.micrometer.core.instrument.MeterRegistry",
                "reads Gatehouse's Micrometer meters: needs io.micrometer:micrometer-core on the class path", metrics);
    }

    /** {@code setting} needs the class {@code needed}, and the meters on Micrometer (checked in this order). */
    private static void requireMicrometer(String setting, String needed, String missing, GatehouseMetrics metrics) {
        if (!present(needed)) {
            throw new ConfigurationException(setting, missing);
        }
        if (!(metrics.backend() instanceof MicrometerBackend)) {
            throw new ConfigurationException(setting, "the meters go to " + metrics.backend() + ", not to Micrometer;"
                    + " hand Gatehouse a Micrometer registry (Metrics.micrometer) or leave the metrics to be found");
        }
    }

    /** The back end Gatehouse uses when the application gave none. */
    public static MeterBackend detect() {
        if (present("io.micrometer.core.instrument.Metrics")) {
            return MicrometerBackend.global();
        }
        if (present("io.opentelemetry.api.GlobalOpenTelemetry")) {
            return OpenTelemetryBackend.global();
        }
        return MeterBackend.NONE;
    }

    /** Whether a class can be loaded by Gatehouse's class loader (without initializing it). */
    public static boolean present(String className) {
        try {
            Class.forName(className, false, Backends.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
