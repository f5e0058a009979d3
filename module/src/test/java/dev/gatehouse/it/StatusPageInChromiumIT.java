package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.MessageHandler;
import dev.gatehouse.Metrics;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@code gatehouse.status.enabled=true} serves a page whose charts, drawn in headless Chromium
 * (Debian's {@code chromium}, driven by {@code playwright-core} from npm, installed once into
 * {@code target/browser-test}), show the traffic the test makes; the screenshot is
 * {@code target/status-page.png}. Missing prerequisites fail, naming the package. The page and its
 * data never carry a user id or a token; off by default.
 */
class StatusPageInChromiumIT {
    private static final String PLAYWRIGHT = "playwright-core@1.65.1";
    private static final String USER = "zelda-status-probe-7731";
    private static final String TOKEN = TestServer.token(USER);
    private static final String FORGED = TestServer.tokenSignedWith(USER, "another-secret-of-at-least-256-bits-long!!");
    private static final int CONNECTIONS = 5;
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final Path SCREENSHOT = TARGET.resolve("status-page.png");

    private static TestServer statusServer() {
        return TestServer.start(UnaryOperator.identity(),
                g -> g.metrics(Metrics.micrometer(new SimpleMeterRegistry()))
                        .handler(MessageHandler.of("echo", JsonObject.class, (d, ctx) -> ctx.reply("echo", d))),
                s -> s.config(ConfigSource.of(Map.of("gatehouse.status.enabled", "true"))));
    }

    @Test
    void chartsInChromiumShowTheTraffic() throws Exception {
        String chromium = chromium();
        String playwright = playwrightCore();
        try (TestServer server = statusServer()) {
            Traffic traffic = new Traffic(server.uri());
            String output;
            try {
                output = runPage(playwright, chromium, page(server));
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

    /** Runs the page script; fails with its output unless it exits 0. */
    private static String runPage(String playwright, String chromium, URI page) throws Exception {
        Files.deleteIfExists(SCREENSHOT);
        ProcessBuilder pb = new ProcessBuilder("node", Path.of("src/test/js/status-page.cjs").toAbsolutePath().toString(),
                page.toString(), SCREENSHOT.toString(), chromium).redirectErrorStream(true);
        pb.environment().put("PLAYWRIGHT_CORE", playwright);
        Result r = run(pb, 90);
        System.out.println(r.output());
        assertEquals(0, r.exit(), "the page script failed:\n" + r.output());
        assertTrue(r.output().contains("SCREENSHOT " + SCREENSHOT), r.output());
        assertTrue(Files.size(SCREENSHOT) > 10_000, "screenshot too small: " + SCREENSHOT);
        return r.output();
    }

    private static JsonObject statusLine(String output) {
        return output.lines().filter(l -> l.startsWith("STATUS ")).findFirst()
                .map(l -> Json.createReader(new StringReader(l.substring("STATUS ".length()))).readObject())
                .orElseThrow(() -> new AssertionError("no STATUS line:\n" + output));
    }

    /** Debian's Chromium, or {@code -Dgatehouse.test.chromium}; missing fails, naming the package. */
    private static String chromium() {
        String path = System.getProperty("gatehouse.test.chromium", "/usr/bin/chromium");
        if (!Files.isExecutable(Path.of(path))) {
            fail("Chromium not found at " + path + ": install Debian's package (apt-get install chromium)"
                    + " or pass -Dgatehouse.test.chromium=/path/to/chromium");
        }
        return path;
    }

    /** playwright-core, installed by npm into target/browser-test once; needs Node 20+. */
    private static String playwrightCore() throws Exception {
        checkNode();
        Path prefix = TARGET.resolve("browser-test");
        Path module = prefix.resolve("node_modules/playwright-core");
        String version = PLAYWRIGHT.substring(PLAYWRIGHT.indexOf('@') + 1);
        Path manifest = module.resolve("package.json");
        if (!Files.exists(manifest) || !Files.readString(manifest).contains("\"version\": \"" + version + "\"")) {
            ProcessBuilder npm = new ProcessBuilder("npm", "install", "--prefix", prefix.toString(), "--no-audit",
                    "--no-fund", PLAYWRIGHT).redirectErrorStream(true);
            npm.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
            Result r = run(npm, 300);
            assertEquals(0, r.exit(), "npm install " + PLAYWRIGHT + " failed (npm from Debian's npm package,"
                    + " the npm registry reachable):\n" + r.output());
        }
        return module.toString();
    }

    private static void checkNode() throws Exception {
        Result r;
        try {
            r = run(new ProcessBuilder("node", "--version").redirectErrorStream(true), 30);
        } catch (IOException e) {
            throw new AssertionError("node not found: install Node.js 20+ (apt-get install nodejs npm)", e);
        }
        String version = r.output().trim();
        int major = version.matches("v\\d+\\..*") ? Integer.parseInt(version.substring(1, version.indexOf('.'))) : 0;
        assertTrue(r.exit() == 0 && major >= 20, "Node.js 20+ needed (apt-get install nodejs npm), found: " + version);
    }

    private record Result(int exit, String output) {
    }

    /** Runs a process to its end (bounded), its output through a file so that nothing blocks on a pipe. */
    private static Result run(ProcessBuilder pb, int seconds) throws Exception {
        Files.createDirectories(TARGET);
        Path log = Files.createTempFile(TARGET, "process-", ".log");
        Process p = pb.redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        if (!done) {
            fail("timed out after " + seconds + " s: " + pb.command() + "\n" + output);
        }
        return new Result(p.exitValue(), output);
    }
}
