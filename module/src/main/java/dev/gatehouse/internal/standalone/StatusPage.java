package dev.gatehouse.internal.standalone;

import dev.gatehouse.internal.codec.JsonText;
import dev.gatehouse.internal.metrics.Backends;
import dev.gatehouse.internal.metrics.GatehouseMetrics;
import dev.gatehouse.internal.metrics.MicrometerBackend;
import dev.gatehouse.spi.HttpGet;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The standalone server's {@code /status}: one self-contained HTML page that polls
 * {@code /status/data}, a JSON snapshot of Gatehouse's Micrometer meters. Only aggregate meters
 * are read, whose tags are codes, reasons and outcomes: nothing per connection, no user id, no
 * token. Loaded only with {@code gatehouse.status.enabled=true}, after {@link Backends#checkStatus}.
 */
public final class StatusPage {
    /** Where the page is served. */
    public static final String PAGE_PATH = "/status";
    /** Where the page reads its snapshots. */
    public static final String DATA_PATH = "/status/data";

    private final MeterRegistry registry;

    StatusPage(MeterRegistry registry) {
        this.registry = registry;
    }

    /** {@return the page and its data, by path, reading the registry behind {@code metrics}} */
    public static Map<String, HttpGet> handlers(GatehouseMetrics metrics) {
        StatusPage status = new StatusPage(readable(((MicrometerBackend) metrics.backend()).registry()));
        String html = page();
        return Map.of(PAGE_PATH, query -> new HttpGet.Answer(200, "text/html", html),
                DATA_PATH, query -> new HttpGet.Answer(200, "application/json", status.snapshot()));
    }

    /**
     * A composite registry with nothing in it (Micrometer's global one, untouched) counts nothing:
     * a simple registry is added, which receives every meter, those created before included.
     */
    private static MeterRegistry readable(MeterRegistry registry) {
        if (registry instanceof CompositeMeterRegistry composite && composite.getRegistries().isEmpty()) {
            composite.add(new SimpleMeterRegistry());
        }
        return registry;
    }

    private static String page() {
        try (InputStream in = StatusPage.class.getResourceAsStream("status.html")) {
            if (in == null) {
                throw new IllegalStateException("status.html is missing from Gatehouse's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@return the meters now, as the JSON object the page plots} */
    String snapshot() {
        return JsonText.object(512).field("time", System.currentTimeMillis())
                .rawField("connections", connections())
                .rawField("handshakes", handshakes())
                .rawField("frames", directions("gatehouse.frames"))
                .rawField("bytes", directions("gatehouse.bytes"))
                .rawField("errorsSent", object(byTag("gatehouse.errors.sent", "code")))
                .rawField("welcome", welcome())
                .end();
    }

    private String connections() {
        return JsonText.object(128).rawField("active", number(gauge("gatehouse.connections.active")))
                .field("opened", sum("gatehouse.connections.opened"))
                .field("closed", sum("gatehouse.connections.closed"))
                .rawField("closedByReason", object(byTag("gatehouse.connections.closed", "reason")))
                .rawField("closedByCode", object(byTag("gatehouse.connections.closed", "code")))
                .end();
    }

    private String handshakes() {
        Map<String, Long> refused = byTag(registry.find("gatehouse.handshakes").tag("outcome", "refused").counters(), "code");
        return JsonText.object(128).field("accepted", sum(registry.find("gatehouse.handshakes").tag("outcome", "accepted").counters()))
                .field("refused", refused.values().stream().mapToLong(Long::longValue).sum())
                .rawField("refusedByCode", object(refused))
                .end();
    }

    private String directions(String name) {
        return JsonText.object(48).field("in", sum(registry.find(name).tag("direction", "in").counters()))
                .field("out", sum(registry.find(name).tag("direction", "out").counters()))
                .end();
    }

    /** Count and total since start, and Micrometer's max (which decays over its recent window). */
    private String welcome() {
        Timer timer = registry.find("gatehouse.welcome.duration").timer();
        JsonText json = JsonText.object(64).field("count", timer == null ? 0 : timer.count());
        return json.rawField("totalMs", number(timer == null ? 0 : timer.totalTime(TimeUnit.MILLISECONDS)))
                .rawField("maxMs", number(timer == null ? 0 : timer.max(TimeUnit.MILLISECONDS)))
                .end();
    }

    private double gauge(String name) {
        Gauge gauge = registry.find(name).gauge();
        return gauge == null ? 0 : gauge.value();
    }

    private long sum(String name) {
        return sum(registry.find(name).counters());
    }

    private static long sum(Iterable<Counter> counters) {
        long total = 0;
        for (Counter c : counters) {
            total += Math.round(c.count());
        }
        return total;
    }

    private Map<String, Long> byTag(String name, String tag) {
        return byTag(registry.find(name).counters(), tag);
    }

    /** The counters summed by one tag's value, those at zero left out. */
    private static Map<String, Long> byTag(Iterable<Counter> counters, String tag) {
        Map<String, Long> sums = new TreeMap<>();
        for (Counter c : counters) {
            long count = Math.round(c.count());
            String value = c.getId().getTag(tag);
            if (count > 0 && value != null) {
                sums.merge(value, count, Long::sum);
            }
        }
        return sums;
    }

    private static String object(Map<String, Long> counts) {
        JsonText json = JsonText.object(16 + 32 * counts.size());
        counts.forEach(json::field);
        return json.end();
    }

    private static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "null";
    }
}
