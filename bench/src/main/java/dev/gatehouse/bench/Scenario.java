package dev.gatehouse.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One scenario's rounds: a measurement of each of its {@link Column}s per round, and the ratio of
 * Gatehouse to each other column per round. For rates a ratio above 1 favours Gatehouse; for
 * latencies, times and bytes, {@link #lowerIsBetter} turns it around in the reading, not in the
 * number: a ratio is always Gatehouse / the other column.
 */
final class Scenario {
    final String name;
    final String unit;
    final boolean lowerIsBetter;
    /** The columns this row measures, in the order of its first round. */
    final List<Column> columns;
    private final Map<Column, List<Measurement>> runs = new EnumMap<>(Column.class);

    Scenario(String name, String unit, boolean lowerIsBetter, List<Column> columns) {
        this.name = name;
        this.unit = unit;
        this.lowerIsBetter = lowerIsBetter;
        this.columns = List.copyOf(columns);
    }

    void add(Column column, Measurement m) {
        runs.computeIfAbsent(column, c -> new ArrayList<>()).add(m);
    }

    /** The column's measurements, one per round; empty when the row does not measure it. */
    List<Measurement> runs(Column column) {
        return runs.getOrDefault(column, List.of());
    }

    /** Gatehouse over {@code other}, round by round; empty when either was not measured. */
    double[] ratios(Column other) {
        List<Measurement> gh = runs(Column.GATEHOUSE);
        List<Measurement> o = runs(other);
        double[] r = new double[Math.min(gh.size(), o.size())];
        for (int i = 0; i < r.length; i++) {
            r[i] = gh.get(i).value() / o.get(i).value();
        }
        return r;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length == 0 ? Double.NaN
                : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private double median(Column column, ToDoubleFunction<Measurement> f) {
        return median(runs(column).stream().mapToDouble(f).toArray());
    }

    private Stream<Measurement> all() {
        return runs.values().stream().flatMap(List::stream);
    }

    boolean anyDriverBound() {
        return all().anyMatch(Measurement::driverBound);
    }

    long reused() {
        return all().mapToLong(Measurement::tokensReused).sum();
    }

    long failures() {
        return all().mapToLong(Measurement::failures).sum();
    }

    /** The table's columns; {@link #row()} fills them. */
    static String header() {
        return "| scenario | floor | hand-written | Gatehouse | peer | GH/floor | GH/hand | GH/peer"
                + " | CPU µs/op floor | CPU µs/op hand | CPU µs/op GH | CPU µs/op peer"
                + " | latency p50/p99 µs floor · hand · GH · peer | notes |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|";
    }

    /** One table row: a blank cell where the row does not measure a column. */
    String row() {
        List<String> cells = new ArrayList<>();
        cells.add(name);
        cells.addAll(each(c -> fmt(median(c, Measurement::value))));
        for (Column other : List.of(Column.FLOOR, Column.HAND, Column.PEER)) {
            double[] r = ratios(other);
            cells.add(r.length == 0 ? "" : String.format(Locale.ROOT, "%.2f (%.2f–%.2f)", median(r),
                    Arrays.stream(r).min().orElseThrow(), Arrays.stream(r).max().orElseThrow()));
        }
        cells.addAll(each(c -> runs(c).get(0).serverCpuMicrosPerOp() < 0 ? "–"
                : String.format(Locale.ROOT, "%.1f", median(c, Measurement::serverCpuMicrosPerOp))));
        cells.add(anyLatency() ? String.join(" · ", Arrays.stream(Column.values())
                .map(c -> runs(c).isEmpty() || runs(c).get(0).p50Micros() < 0 ? "–" : String.format(Locale.ROOT,
                        "%.0f/%.0f", median(c, m -> m.p50Micros()), median(c, m -> m.p99Micros())))
                .toList()) : "–");
        cells.add(String.join("; ", notes()));
        return "| " + String.join(" | ", cells) + " |";
    }

    /** A cell per column of the table, blank where this row has no measurement. */
    private List<String> each(Function<Column, String> cell) {
        return Arrays.stream(Column.values()).map(c -> runs(c).isEmpty() ? "" : cell.apply(c)).toList();
    }

    private boolean anyLatency() {
        return all().anyMatch(m -> m.p50Micros() >= 0);
    }

    private List<String> notes() {
        List<String> notes = new ArrayList<>();
        boolean bytes = unit.equals("B/conn");
        if (bytes && all().anyMatch(m -> m.rssPerConnection() >= 0)) {
            notes.add("RSS/conn " + measured().map(c -> bytes(median(c, Measurement::rssPerConnection)))
                    .collect(Collectors.joining(" · ")));
        }
        if (bytes && !runs(Column.FLOOR).isEmpty() && !runs(Column.GATEHOUSE).isEmpty()) {
            notes.add(String.format(Locale.ROOT, "GH − floor = %.2f KiB",
                    (median(Column.GATEHOUSE, Measurement::value) - median(Column.FLOOR, Measurement::value)) / 1024));
        }
        if (anyDriverBound()) {
            notes.add("**driver CPU-bound: not a server figure**");
        }
        if (reused() > 0) {
            notes.add(reused() + " tokens reused (cache hits)");
        }
        if (failures() > 0) {
            notes.add(failures() + " failures");
        }
        if (!bytes) {
            notes.add("util srv " + utils(Measurement::serverUtil) + " drv " + utils(Measurement::driverUtil));
        }
        return notes;
    }

    private Stream<Column> measured() {
        return Arrays.stream(Column.values()).filter(c -> !runs(c).isEmpty());
    }

    private String utils(ToDoubleFunction<Measurement> f) {
        return measured().map(c -> String.format(Locale.ROOT, "%.2f", median(c, f))).collect(Collectors.joining("·"));
    }

    private String fmt(double v) {
        return unit.equals("B/conn") ? bytes(v) : String.format(Locale.ROOT, "%,.0f %s", v, unit);
    }

    private static String bytes(double v) {
        return String.format(Locale.ROOT, "%.1f KiB", v / 1024);
    }

    String json() {
        String measurements = measured().map(c -> "\"" + c.key() + "\":[" + runs(c).stream().map(Measurement::json)
                .collect(Collectors.joining(",")) + "]").collect(Collectors.joining(","));
        String ratios = measured().filter(c -> c != Column.GATEHOUSE && ratios(c).length > 0)
                .map(c -> String.format(Locale.ROOT, "\"%s\":{\"median\":%.4f,\"per_round\":%s}", c.key(),
                        median(ratios(c)), Arrays.toString(ratios(c))))
                .collect(Collectors.joining(","));
        return String.format(Locale.ROOT,
                "{\"name\":\"%s\",\"unit\":\"%s\",\"lower_is_better\":%b,\"driver_bound\":%b,\"columns\":{%s},"
                        + "\"gatehouse_over\":{%s}}",
                name, unit, lowerIsBetter, anyDriverBound(), measurements, ratios);
    }
}
