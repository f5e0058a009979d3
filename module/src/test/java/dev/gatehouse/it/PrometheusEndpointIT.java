package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import dev.gatehouse.Gatehouse;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.Metrics;
import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.testkit.RawUpgrade;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The standalone {@code /metrics} after real traffic: the series the dashboard reads are there with
 * plausible values, and Prometheus' own parser ({@code promtool check metrics}, Debian's
 * {@code prometheus} package) accepts the text without a complaint. The scraped text is kept in
 * {@code target/metrics-sample.txt}.
 */
class PrometheusEndpointIT {
    private static final Path SAMPLE = Path.of("target", "metrics-sample.txt");
    private static GatehouseServer server;
    private static HttpResponse<String> scrape;

    @BeforeAll
    static void startServeTrafficAndScrape() throws Exception {
        server = Gatehouse.builder().config(c -> c.hmacSecret(TestServer.SECRET).port(0).metricsPrometheus(true))
                .metrics(Metrics.micrometer(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)))
                .handler(FrameHandler.of("echo", JsonObject.class, (d, ctx) -> ctx.reply("echo", d)))
                .handler(FrameHandler.of("boom", JsonObject.class, (d, ctx) -> {
                    throw new IllegalStateException("bug");
                }))
                .start();
        traffic();
        scrape = get("/metrics");
        Files.writeString(SAMPLE, scrape.body(), StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Java's HttpClient asks to upgrade to h2c; the answer is plain HTTP/1.1 with its media type all the same. */
    @Test
    void metricsAnswersInPrometheusTextFormatWithUtf8() {
        assertEquals(200, scrape.statusCode());
        assertEquals("text/plain; version=0.0.4;charset=UTF-8", scrape.headers().firstValue("Content-Type").orElse(null),
                scrape.headers().map().toString());
    }

    @Test
    void theTrafficShowsInTheSeriesTheDashboardReads() {
        Map<String, Double> series = series(scrape.body());
        assertAtLeast(series, "gatehouse_connections_opened_total", 2);
        assertAtLeast(series, "gatehouse_handshakes_total{code=\"NO_TOKEN\",outcome=\"refused\"}", 1);
        assertAtLeast(series, "gatehouse_handshakes_total{code=\"none\",outcome=\"accepted\"}", 2);
        assertAtLeast(series, "gatehouse_errors_sent_total{code=\"HANDLER_ERROR\"}", 1);
        assertAtLeast(series, "gatehouse_frames_total{direction=\"in\"}", 2);
        assertAtLeast(series, "gatehouse_frames_total{direction=\"out\"}", 4);
        assertAtLeast(series, "gatehouse_connections_closed_total{code=\"1000\",reason=\"other\"}", 1);
        assertAtLeast(series, "gatehouse_welcome_duration_seconds_count", 2);
        assertAtLeast(series, "gatehouse_welcome_duration_seconds_bucket{le=\"+Inf\"}", 2);
        assertAtLeast(series, "gatehouse_handler_duration_seconds_count{outcome=\"error\",type=\"boom\"}", 1);
        assertEquals(0, series.get("gatehouse_connections_active"), "every client closed");
        assertTrue(series.keySet().stream().anyMatch(s -> s.startsWith("gatehouse_handler_duration_seconds_bucket{")
                && s.contains("type=\"echo\"")), "echo's histogram buckets");
    }

    @Test
    void promtoolAcceptsTheScrapeWithoutErrorsOrLintProblems() throws Exception {
        Process promtool = new ProcessBuilder(promtool(), "check", "metrics").redirectErrorStream(true)
                .redirectInput(SAMPLE.toFile()).start();
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(promtool.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, promtool.exitValue(), "promtool check metrics < " + SAMPLE.toAbsolutePath() + ":\n" + output);
        assertEquals("", output.strip(), "promtool's complaints");
    }

    @Test
    void prometheusWithMetricsTurnedOffFailsAtBuildNamingTheSetting() {
        Gatehouse.Builder none = Gatehouse.builder(ConfigSource.of(Map.of("gatehouse.metrics.prometheus", "true")))
                .config(c -> c.hmacSecret(TestServer.SECRET).port(0)).metrics(Metrics.none());
        ConfigurationException e = assertThrows(ConfigurationException.class, none::start);
        assertTrue(e.getMessage().contains("gatehouse.metrics.prometheus"), e.getMessage());
    }

    /** An accepted connection with a reply, a handler that throws and a normal close; a refused upgrade. */
    private static void traffic() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"))) {
            client.send("echo", "1", null).next();
            client.send("boom", "2", null).nextError("HANDLER_ERROR");
            client.closeAndAwait();
        }
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("bob"))) {
            client.closeAndAwait();
        }
        assertEquals(401, RawUpgrade.send(server.uri(), Map.of()).status());
        waitForCounts();
    }

    /** The server counts closes and handler times just after the client saw them: wait (bounded). */
    private static void waitForCounts() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            Map<String, Double> s = series(getQuietly());
            if (s.getOrDefault("gatehouse_connections_active", 1.0) == 0
                    && s.getOrDefault("gatehouse_handler_duration_seconds_count{outcome=\"error\",type=\"boom\"}", 0.0) >= 1) {
                return;
            }
            Thread.onSpinWait();
        }
    }

    /** The promtool to run: {@code -Dgatehouse.test.promtool}, else the Debian package's. */
    private static String promtool() {
        String path = System.getProperty("gatehouse.test.promtool", "/usr/bin/promtool");
        if (!new File(path).canExecute()) {
            fail("promtool not found at " + path + ": install Debian's package 'prometheus' (apt-get install prometheus)"
                    + " or pass -Dgatehouse.test.promtool=/path/to/promtool");
        }
        return path;
    }

    /** Each sample line's series (name and labels as written) and value. */
    private static Map<String, Double> series(String text) {
        Map<String, Double> series = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int space = line.lastIndexOf(' ');
                series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return series;
    }

    private static void assertAtLeast(Map<String, Double> series, String name, double least) {
        Double value = series.get(name);
        assertTrue(value != null && value >= least, name + " = " + value + ", expected at least " + least);
    }

    private static String getQuietly() {
        try {
            return get("/metrics").body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + server.port() + path);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
