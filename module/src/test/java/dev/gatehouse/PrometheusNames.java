package dev.gatehouse;

import dev.gatehouse.internal.metrics.MeterSpec;
import java.util.List;
import java.util.Locale;

/**
 * Micrometer's Prometheus naming, as the README's table and the dashboard use it: dots become
 * underscores, a counter gets {@code _total}, a timer is a histogram in seconds
 * ({@code _seconds_bucket}, {@code _count}, {@code _sum}, and the gauge {@code _max}), a gauge
 * keeps its name. {@code MeterTableTest} checks this against a real scrape.
 */
final class PrometheusNames {
    private PrometheusNames() {
    }

    /** {@return the name the meter's series start with} */
    static String base(MeterSpec meter) {
        String name = meter.name().replace('.', '_');
        return meter.kind() == MeterSpec.Kind.TIMER ? name + "_seconds" : name;
    }

    /** {@return every series name the meter is scraped as} */
    static List<String> series(MeterSpec meter) {
        String base = base(meter);
        return switch (meter.kind()) {
            case COUNTER -> List.of(base + "_total");
            case TIMER -> List.of(base + "_bucket", base + "_count", base + "_sum", base + "_max");
            case GAUGE -> List.of(base);
        };
    }

    /** {@return the table's Prometheus column: the series names, a timer's suffixes abbreviated} */
    static String column(MeterSpec meter) {
        if (meter.kind() == MeterSpec.Kind.TIMER) {
            return "`" + base(meter) + "_bucket`, `_count`, `_sum`, `_max`";
        }
        return "`" + series(meter).get(0) + "`";
    }

    /** {@return the table's kind column} */
    static String kind(MeterSpec meter) {
        return meter.kind().name().toLowerCase(Locale.ROOT);
    }
}
