package dev.gatehouse.examples.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gatehouse.ConfigSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The demo page, built on the TypeScript client ({@code gatehouse-client-js}, served at {@code
 * /gatehouse-client/index.js}), in headless Chromium (Debian's {@code chromium}, driven by {@code
 * playwright-core} from npm, installed once into {@code target/browser-test}, as {@code
 * StatusPageInChromiumIT} does): it connects with the demo token, joins a room, chats, echoes,
 * pings, shows a second user's presence, and after going offline and online again reconnects with
 * the room re-joined. The screenshot is {@code target/demo-page.png}. Missing prerequisites fail,
 * naming the package.
 */
class DemoPageInChromiumIT {
    private static final String PLAYWRIGHT = "playwright-core@1.65.1";
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final Path SCREENSHOT = TARGET.resolve("demo-page.png");
    private static final List<String> STEPS = List.of("welcome", "joined", "chat message", "echo", "pong", "bob connected",
            "presence: bob joined", "presence: bob left", "offline", "reconnected", "room re-joined", "chat after the reconnect");

    @Test
    void pageConnectsChatsAndReconnectsAfterGoingOfflineWithTheRoomRejoined() throws Exception {
        String chromium = chromium();
        String playwright = playwrightCore();
        DemoServer.Running demo = DemoServer.start(ConfigSource.of(Map.of("gatehouse.port", "0")));
        try {
            URI page = URI.create("http://127.0.0.1:" + demo.server().port() + "/#token=" + demo.demoToken().orElseThrow());
            String output = runPage(playwright, chromium, page);
            List<String> passed = output.lines().filter(l -> l.startsWith("STEP ")).map(l -> l.substring(5)).toList();
            assertEquals(STEPS, passed, output);
            assertTrue(output.lines().anyMatch("DONE"::equals), output);
        } finally {
            demo.server().stop();
        }
    }

    @Test
    void theCompiledClientIsServedAsAJavaScriptModule() throws Exception {
        DemoServer.Running demo = DemoServer.start(ConfigSource.of(Map.of("gatehouse.port", "0")));
        try {
            // HTTP/1.1: the JDK's default h2c upgrade request gets Grizzly's answer without a Content-Type.
            HttpResponse<String> client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + demo.server().port() + "/gatehouse-client/index.js")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, client.statusCode());
            assertTrue(client.headers().firstValue("Content-Type").orElse("").contains("javascript"),
                    client.headers().map().toString());
            assertTrue(client.body().contains("export { GatehouseClient }"), client.body());
        } finally {
            demo.server().stop();
        }
    }

    /** Runs the page script; fails with its output unless it exits 0. */
    private static String runPage(String playwright, String chromium, URI page) throws Exception {
        Files.deleteIfExists(SCREENSHOT);
        ProcessBuilder pb = new ProcessBuilder("node", Path.of("src/test/js/demo-page.cjs").toAbsolutePath().toString(),
                page.toString(), SCREENSHOT.toString(), chromium).redirectErrorStream(true);
        pb.environment().put("PLAYWRIGHT_CORE", playwright);
        Result r = run(pb, 180);
        System.out.println(r.output());
        System.out.println("Demo page screenshot: " + SCREENSHOT);
        assertEquals(0, r.exit(), "the page script failed:\n" + r.output());
        return r.output();
    }

    // What follows is copied from module's StatusPageInChromiumIT (test code is not shared between modules).

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
