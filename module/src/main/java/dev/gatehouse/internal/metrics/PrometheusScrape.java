package dev.gatehouse.internal.metrics;

import dev.gatehouse.ConfigurationException;
import dev.gatehouse.spi.HttpGet;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The standalone server's {@code /metrics}: Gatehouse's Micrometer registry in Prometheus' text
 * format. A {@link PrometheusMeterRegistry} given by the application is scraped as it is; a
 * composite one (Micrometer's global registry, the default) gets a Prometheus registry added,
 * which receives every meter, those created before included. Loaded only with
 * {@code gatehouse.metrics.prometheus=true}, after {@link Backends#checkPrometheus} found the library.
 */
public final class PrometheusScrape {
    /** The Prometheus text format's media type (UTF-8 is added by the server). */
    static final String TEXT_FORMAT = "text/plain; version=0.0.4";

    private PrometheusScrape() {
    }

    /** {@return the handler serving the registry behind {@code metrics}; call {@link Backends#checkPrometheus} first} */
    public static HttpGet handler(GatehouseMetrics metrics) {
        MeterRegistry registry = ((MicrometerBackend) metrics.backend()).registry();
        PrometheusMeterRegistry prometheus = prometheus(registry);
        return query -> new HttpGet.Answer(200, TEXT_FORMAT, prometheus.scrape());
    }

    private static PrometheusMeterRegistry prometheus(MeterRegistry registry) {
        if (registry instanceof PrometheusMeterRegistry p) {
            return p;
        }
        if (registry instanceof CompositeMeterRegistry composite) {
            for (MeterRegistry child : composite.getRegistries()) {
                if (child instanceof PrometheusMeterRegistry p) {
                    return p;
                }
            }
            PrometheusMeterRegistry p = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            composite.add(p);
            return p;
        }
        throw new ConfigurationException(Backends.PROMETHEUS_SETTING, "the meters go to a " + registry.getClass().getName()
                + ", which cannot be scraped; hand Gatehouse a PrometheusMeterRegistry or a composite one");
    }
}
