package dev.gatehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.internal.metrics.GatehouseMetrics;
import dev.gatehouse.internal.metrics.MeterSpec;
import dev.gatehouse.internal.metrics.MicrometerBackend;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's metrics table is {@link GatehouseMetrics#METERS}, row for row (a meter added,
 * renamed, re-tagged or re-described without the README fails here, and the message is the table
 * to paste), and its Prometheus column is what Micrometer's Prometheus registry really scrapes.
 */
class MeterTableTest {

    @Test
    void readmeTableListsEveryMeterAsDeclared() throws IOException {
        List<String> declared = GatehouseMetrics.METERS.stream().map(MeterTableTest::row).toList();
        assertEquals(String.join("\n", declared), String.join("\n", readmeRows()),
                "README.md's metrics table differs from GatehouseMetrics.METERS; the table should read:\n"
                        + String.join("\n", declared));
    }

    @Test
    void prometheusNamesAreTheOnesAPrometheusRegistryScrapes() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        everyMeterOnce(new GatehouseMetrics(new MicrometerBackend(registry), List.of("echo")));
        TreeSet<String> expected = GatehouseMetrics.METERS.stream().flatMap(m -> PrometheusNames.series(m).stream())
                .collect(Collectors.toCollection(TreeSet::new));
        TreeSet<String> scraped = Arrays.stream(registry.scrape().split("\n")).filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, scraped);
    }

    /** One README row: name, kind, tags, Prometheus series, description. */
    static String row(MeterSpec meter) {
        String tags = meter.tags().isEmpty() ? "–"
                : meter.tags().stream().map(t -> "`" + t + "`").collect(Collectors.joining(", "));
        return "| `" + meter.name() + "` | " + PrometheusNames.kind(meter) + " | " + tags + " | "
                + PrometheusNames.column(meter) + " | " + meter.description() + " |";
    }

    /** The meters created on first use, created. */
    private static void everyMeterOnce(GatehouseMetrics metrics) {
        metrics.activeConnections(() -> 0);
        metrics.backplaneConnected("redis", () -> true);
        metrics.historyStreams(() -> 0);
        metrics.historyEntries(() -> 0);
        metrics.revocations(() -> 0);
        metrics.historyRecovery(null);
        metrics.historyReplayed(1);
        metrics.historyGap(true);
        metrics.historyAppendFailed();
        metrics.tlsReloadRefused();
        metrics.workers("handlers", () -> 0, () -> 0);
        metrics.poolOverflows(GatehouseMetrics.Pool.HMAC);
        metrics.connectionClosed(1000, "", 1_000_000);
        metrics.handshake("NO_TOKEN", 1_000);
        metrics.authRefresh(null);
        metrics.dropped("gap", 1);
    }

    /** The rows of the table under "## Metrics", in order. */
    private static List<String> readmeRows() throws IOException {
        List<String> rows = new ArrayList<>();
        boolean inSection = false;
        for (String line : Files.readAllLines(Path.of("..", "README.md"))) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## Metrics");
            } else if (inSection && line.startsWith("| `gatehouse.")) {
                rows.add(line);
            }
        }
        return rows;
    }
}
