package dev.gatehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.internal.metrics.GatehouseMetrics;
import dev.gatehouse.internal.metrics.MeterSpec;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/grafana/gatehouse.json} queries only what Gatehouse publishes: every metric name in
 * its queries is a meter of {@link GatehouseMetrics#METERS} under Micrometer's Prometheus naming,
 * with a suffix its kind has, grouped and filtered by that meter's tags; every panel queries
 * something, titles are unique, and each family of meters the issue asks for has a panel.
 */
class GrafanaDashboardTest {
    private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "gatehouse.json");
    private static final Pattern METRIC = Pattern.compile("\\bgatehouse_[A-Za-z0-9_]+");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");
    private static final Pattern MATCHER = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*(?:=~|!~|!=|=)\\s*\"");
    /** Labels Prometheus adds to every series it scrapes. */
    private static final Set<String> TARGET_LABELS = Set.of("instance", "job");
    private static final Map<String, MeterSpec> SERIES = new HashMap<>();
    private static JsonObject dashboard;

    @BeforeAll
    static void load() throws IOException {
        for (MeterSpec meter : GatehouseMetrics.METERS) {
            PrometheusNames.series(meter).forEach(series -> SERIES.put(series, meter));
        }
        try (Reader reader = Files.newBufferedReader(DASHBOARD)) {
            dashboard = Json.createReader(reader).readObject();
        }
    }

    @Test
    void everyMetricQueriedIsAMeterUnderItsPrometheusNameWithASuffixOfItsKind() {
        for (String query : queries()) {
            for (String metric : metrics(query)) {
                MeterSpec meter = SERIES.get(metric);
                assertTrue(meter != null, metric + " in " + query + " is no meter's series: " + suffixProblem(metric));
            }
        }
    }

    @Test
    void queriesGroupAndFilterOnlyByTheirMetersTags() {
        for (String query : queries()) {
            Set<String> allowed = new HashSet<>(TARGET_LABELS);
            for (String metric : metrics(query)) {
                MeterSpec meter = SERIES.get(metric);
                allowed.addAll(meter.tags());
                if (metric.endsWith("_bucket")) {
                    allowed.add("le");
                }
            }
            for (String label : labels(query)) {
                assertTrue(allowed.contains(label), "label " + label + " in " + query + " is not among " + allowed);
            }
        }
    }

    @Test
    void everyPanelQueriesSomethingAndTitlesAreUnique() {
        Set<String> titles = new HashSet<>();
        for (JsonObject panel : panels()) {
            String title = panel.getString("title", "");
            assertFalse(title.isBlank(), "a panel without a title: " + panel.getInt("id"));
            assertTrue(titles.add(title), "two panels are titled " + title);
            if (!panel.getString("type").equals("row")) {
                List<String> exprs = panel.getJsonArray("targets").stream().map(JsonValue::asJsonObject)
                        .map(t -> t.getString("expr", "")).filter(e -> !e.isBlank()).toList();
                assertFalse(exprs.isEmpty(), "panel " + title + " has no query");
                assertEquals("${DS_PROMETHEUS}", panel.getJsonObject("datasource").getString("uid"), title);
            }
        }
    }

    @Test
    void theDashboardCoversEveryFamilyOfMeters() {
        Set<String> used = new HashSet<>();
        queries().forEach(q -> metrics(q).forEach(m -> used.add(SERIES.get(m).name())));
        for (String family : List.of("gatehouse.connections.active", "gatehouse.connections.opened",
                "gatehouse.connections.closed", "gatehouse.handshakes", "gatehouse.welcome.duration", "gatehouse.frames",
                "gatehouse.handler.duration", "gatehouse.errors.sent", "gatehouse.backplane.lag")) {
            assertTrue(used.contains(family), "no panel shows " + family);
        }
    }

    @Test
    void theDataSourceIsAnInputChosenAtImport() {
        assertTrue(dashboard.getInt("schemaVersion") >= 39);
        assertTrue(dashboard.getJsonArray("__inputs").stream().map(JsonValue::asJsonObject)
                .anyMatch(i -> i.getString("name").equals("DS_PROMETHEUS") && i.getString("pluginId").equals("prometheus")));
    }

    /** Why a {@code gatehouse_} name is no series: which meter it resembles and which suffixes that kind has. */
    private static String suffixProblem(String metric) {
        for (MeterSpec meter : GatehouseMetrics.METERS) {
            if (metric.startsWith(PrometheusNames.base(meter))) {
                return meter.name() + " is a " + PrometheusNames.kind(meter) + ", scraped as " + PrometheusNames.series(meter);
            }
        }
        return "no meter is named like it";
    }

    /** Every panel, rows and those inside collapsed rows included. */
    private static List<JsonObject> panels() {
        List<JsonObject> panels = new ArrayList<>();
        for (JsonValue value : dashboard.getJsonArray("panels")) {
            JsonObject panel = value.asJsonObject();
            panels.add(panel);
            if (panel.containsKey("panels")) {
                panel.getJsonArray("panels").forEach(p -> panels.add(p.asJsonObject()));
            }
        }
        return panels;
    }

    /** Every PromQL text: the panels' targets and the template variables' queries. */
    private static List<String> queries() {
        List<String> queries = new ArrayList<>();
        for (JsonObject panel : panels()) {
            if (panel.containsKey("targets")) {
                panel.getJsonArray("targets").forEach(t -> queries.add(t.asJsonObject().getString("expr", "")));
            }
        }
        for (JsonValue variable : dashboard.getJsonObject("templating").getJsonArray("list")) {
            JsonValue query = variable.asJsonObject().get("query");
            queries.add(query instanceof JsonString s ? s.getString() : query.asJsonObject().getString("query"));
        }
        return queries;
    }

    private static Set<String> metrics(String query) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = METRIC.matcher(query);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    /** The labels a query groups by ({@code by (...)}) and matches on ({@code {label="..."}}). */
    private static Set<String> labels(String query) {
        Set<String> labels = new LinkedHashSet<>();
        Matcher by = GROUPING.matcher(query);
        while (by.find()) {
            for (String label : by.group(1).split(",")) {
                labels.add(label.strip());
            }
        }
        Matcher matcher = MATCHER.matcher(query);
        while (matcher.find()) {
            labels.add(matcher.group(1));
        }
        labels.remove("");
        return labels;
    }
}
