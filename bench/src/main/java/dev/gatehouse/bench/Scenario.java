package dev.gatehouse.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One scenario's alternating pairs (bare, Gatehouse) and the ratio per pair. For rates a ratio
 * above 1 favours Gatehouse; for latencies and bytes, {@link #lowerIsBetter} turns it around in the
 * reading, not in the number: ratio is always Gatehouse / bare.
 */
final class Scenario {
    final String name;
    final String unit;
    final boolean lowerIsBetter;
    final List<Measurement> bare = new ArrayList<>();
    final List<Measurement> gatehouse = new ArrayList<>();

    Scenario(String name, String unit, boolean lowerIsBetter) {
        this.name = name;
        this.unit = unit;
        this.lowerIsBetter = lowerIsBetter;
    }

    double[] ratios() {
        double[] r = new double[bare.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = gatehouse.get(i).value() / bare.get(i).value();
        }
        return r;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length == 0 ? Double.NaN
                : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double medianOf(List<Measurement> ms, java.util.function.ToDoubleFunction<Measurement> f) {
        return median(ms.stream().mapToDouble(f).toArray());
    }

    boolean anyDriverBound() {
        return bare.stream().anyMatch(Measurement::driverBound) || gatehouse.stream().anyMatch(Measurement::driverBound);
    }

    long reused() {
        return gatehouse.stream().mapToLong(Measurement::tokensReused).sum();
    }

    String row() {
        double[] r = ratios();
        double min = Arrays.stream(r).min().orElse(Double.NaN);
        double max = Arrays.stream(r).max().orElse(Double.NaN);
        String lat = bare.get(0).p50Micros() < 0 ? "–" : String.format(Locale.ROOT, "%s / %s",
                latency(bare), latency(gatehouse));
        String cpu = bare.get(0).serverCpuMicrosPerOp() < 0 ? "–" : String.format(Locale.ROOT, "%.1f / %.1f",
                medianOf(bare, Measurement::serverCpuMicrosPerOp), medianOf(gatehouse, Measurement::serverCpuMicrosPerOp));
        String rss = bare.get(0).rssPerConnection() < 0 ? "" : String.format(Locale.ROOT, "RSS/conn %s / %s; ",
                bytes(medianOf(bare, Measurement::rssPerConnection)), bytes(medianOf(gatehouse, Measurement::rssPerConnection)));
        List<String> notes = new ArrayList<>();
        if (unit.equals("B/conn")) {
            notes.add(String.format(Locale.ROOT, "GH − bare = %.2f KiB",
                    (medianOf(gatehouse, Measurement::value) - medianOf(bare, Measurement::value)) / 1024));
        }
        if (anyDriverBound()) {
            notes.add("**driver CPU-bound: not a server figure**");
        }
        if (reused() > 0) {
            notes.add(reused() + " tokens reused (cache hits)");
        }
        long failures = bare.stream().mapToLong(Measurement::failures).sum()
                + gatehouse.stream().mapToLong(Measurement::failures).sum();
        if (failures > 0) {
            notes.add(failures + " failures");
        }
        if (!unit.equals("B/conn")) notes.add(String.format(Locale.ROOT, "util srv %.2f/%.2f drv %.2f/%.2f",
                medianOf(bare, Measurement::serverUtil), medianOf(gatehouse, Measurement::serverUtil),
                medianOf(bare, Measurement::driverUtil), medianOf(gatehouse, Measurement::driverUtil)));
        return String.format(Locale.ROOT, "| %s | %s | %s | %.2f (%.2f–%.2f) | %s | %s | %s%s |", name,
                fmt(medianOf(bare, Measurement::value)), fmt(medianOf(gatehouse, Measurement::value)),
                median(r), min, max, lat, cpu, rss, String.join("; ", notes));
    }

    static String header() {
        return "| scenario | bare | Gatehouse | ratio GH/bare median (min–max) | latency p50/p99 µs bare / GH"
                + " | server CPU µs/op bare / GH | notes |\n|---|---:|---:|---:|---|---|---|";
    }

    private String fmt(double v) {
        return unit.equals("B/conn") ? bytes(v) : String.format(Locale.ROOT, "%,.0f %s", v, unit);
    }

    private static String bytes(double v) {
        return String.format(Locale.ROOT, "%.1f KiB", v / 1024);
    }

    private static String latency(List<Measurement> ms) {
        return String.format(Locale.ROOT, "%.0f/%.0f", medianOf(ms, m -> m.p50Micros()), medianOf(ms, m -> m.p99Micros()));
    }

    String json() {
        return String.format(Locale.ROOT,
                "{\"name\":\"%s\",\"unit\":\"%s\",\"ratio_median\":%.4f,\"ratios\":%s,\"driver_bound\":%b,"
                        + "\"bare\":[%s],\"gatehouse\":[%s]}",
                name, unit, median(ratios()), Arrays.toString(ratios()), anyDriverBound(),
                bare.stream().map(Measurement::json).collect(Collectors.joining(",")),
                gatehouse.stream().map(Measurement::json).collect(Collectors.joining(",")));
    }
}
