package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.Metrics;
import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.testkit.HeadlessChromium;
import dev.gatehouse.testkit.RawUpgrade;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code gatehouse.status.enabled=true} serves a page whose charts, drawn in headless Chromium
 * (Debian's {@code chromium}, driven by {@code playwright-core} from npm, installed once into
 * {@code target/browser-test}), show the traffic the test makes; the screenshot is
 * {@code target/status-page.png}. Missing prerequisites fail, naming the package. The page and its
 * data never carry a user id or a token; off by default.
 */
class StatusPageInChromiumIT {
    private static final String USER = "zelda-status-probe-7731";
    private static final String TOKEN = TestServer.token(USER);
    private static final String FORGED = TestServer.tokenSignedWith(USER, "another-secret-of-at-least-256-bits-long!!");
    private static final int CONNECTIONS = 5;
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final Path SCREENSHOT = TARGET.resolve("status-page.png");

    private static TestServer statusServer() {
        return TestServer.start(c -> c.statusEnabled(true),
                g -> g.metrics(Metrics.micrometer(new SimpleMeterRegistry()))
                        .handler(FrameHandler.of("echo", JsonObject.class, (d, ctx) -> ctx.reply("echo", d))));
    }

    @Test
    void chartsInChromiumShowTheTraffic() throws Exception {
        try (TestServer server = statusServer()) {
            Traffic traffic = new Traffic(server.uri());
            String output;
            try {
                output = runPage(page(server));
            } finally {
                traffic.stop();
            }
            System.out.println("Status page screenshot: " + SCREENSHOT);
            JsonObject status = statusLine(output);
            assertFalse(output.contains(USER) || output.contains(TOKEN) || output.contains(FORGED),
                    "the page showed a user id or token");
            assertChartsShowTraffic(status);
        }
    }

    @Test
    void dataIsAggregatesWithoutUserIdsOrTokensAndThePageIsSelfContained() throws Exception {
        try (TestServer server = statusServer()) {
            new Traffic(server.uri()).stop();
            HttpResponse<String> data = get(page(server).resolve("/status/data"));
            assertEquals(200, data.statusCode());
            assertTrue(data.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            JsonObject snapshot = Json.createReader(new StringReader(data.body())).readObject();
            assertTrue(snapshot.getJsonObject("connections").getInt("opened") >= CONNECTIONS, data.body());
            assertFalse(data.body().contains(USER) || data.body().contains(TOKEN), data.body());
            HttpResponse<String> html = get(page(server));
            assertEquals(200, html.statusCode());
            assertTrue(html.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
            assertFalse(html.body().matches("(?s).*((src|href)=\"(?!data:)|@import|url\\().*"), "the page loads nothing else");
        }
    }

    @Test
    void statusIsOffByDefault() throws Exception {
        try (TestServer server = TestServer.start(g -> g.metrics(Metrics.micrometer(new SimpleMeterRegistry())))) {
            assertEquals(404, get(page(server)).statusCode());
            assertEquals(404, get(page(server).resolve("/status/data")).statusCode());
        }
    }

    private static void assertChartsShowTraffic(JsonObject status) {
        JsonObject latest = status.getJsonObject("latest");
        JsonObject charts = status.getJsonObject("charts");
        assertTrue(status.getInt("points") >= 10, status.toString());
        assertTrue(status.getJsonArray("errors").isEmpty(), "errors in the page: " + status.getJsonArray("errors"));
        status.getJsonObject("canvases").forEach((id, points) ->
                assertTrue(Integer.parseInt(points.toString()) > 0, "chart " + id + " plotted nothing"));
        assertTrue(latest.getJsonObject("connections").getInt("opened") >= CONNECTIONS, latest.toString());
        assertTrue(latest.getJsonObject("connections").getJsonNumber("active").doubleValue() >= CONNECTIONS);
        assertTrue(latest.getJsonObject("frames").getInt("in") > 0);
        assertTrue(charts.getJsonObject("frames").getJsonNumber("max").doubleValue() > 0, "frames/s plotted");
        assertTrue(latest.getJsonObject("handshakes").getJsonObject("refusedByCode").getInt("NO_TOKEN") >= 1);
        assertTrue(latest.getJsonObject("handshakes").getJsonObject("refusedByCode").getInt("INVALID_TOKEN") >= 1);
        assertTrue(charts.getJsonObject("refusedByCode").getJsonObject("latest").getInt("NO_TOKEN") >= 1);
        assertTrue(charts.getJsonObject("errorsSent").getJsonObject("latest").getInt("UNKNOWN_TYPE") >= 1);
    }

    /** Traffic while the page polls: open connections, frames, refusals, errors, short connections. */
    private static final class Traffic {
        private final List<TestClient> open = new ArrayList<>();
        private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
        private final URI uri;

        Traffic(URI uri) {
            this.uri = uri;
            for (int i = 0; i < CONNECTIONS; i++) {
                TestClient client = TestClient.connectWelcomed(uri, TOKEN);
                client.send("echo", "e" + i, null).next();
                open.add(client);
            }
            assertEquals(401, RawUpgrade.send(uri, Map.of()).status());
            loop.scheduleWithFixedDelay(this::round, 0, 250, TimeUnit.MILLISECONDS);
        }

        private void round() {
            try {
                open.get(0).send("echo", "again", null).next();
                RawUpgrade.send(uri, Map.of());
                RawUpgrade.send(uri, Map.of("Authorization", "Bearer " + FORGED));
                try (TestClient brief = TestClient.connectWelcomed(uri, TOKEN)) {
                    brief.send("no.such.type", "x", null).nextError("UNKNOWN_TYPE");
                    brief.closeAndAwait();
                }
            } catch (RuntimeException | AssertionError e) {
                System.err.println("traffic round failed: " + e);
            }
        }

        void stop() {
            loop.shutdownNow();
            try {
                loop.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            open.forEach(TestClient::close);
        }
    }

    private static URI page(TestServer server) {
        return URI.create("http://127.0.0.1:" + server.server().port() + "/status");
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Runs the page script; fails with its output unless it exits 0 and saved a screenshot. */
    private static String runPage(URI page) throws Exception {
        String output = HeadlessChromium.run(Path.of("src/test/js/status-page.cjs"), page, SCREENSHOT, 90);
        assertTrue(output.contains("SCREENSHOT " + SCREENSHOT), output);
        assertTrue(Files.size(SCREENSHOT) > 10_000, "screenshot too small: " + SCREENSHOT);
        return output;
    }

    private static JsonObject statusLine(String output) {
        return output.lines().filter(l -> l.startsWith("STATUS ")).findFirst()
                .map(l -> Json.createReader(new StringReader(l.substring("STATUS ".length()))).readObject())
                .orElseThrow(() -> new AssertionError("no STATUS line:\n" + output));
    }
}
