package dev.gatehouse.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs a page script ({@code node SCRIPT PAGE SCREENSHOT CHROMIUM}) that drives a real headless
 * Chromium: Debian's {@code chromium} (or {@code -Dgatehouse.test.chromium}) through {@code
 * playwright-core}, which npm installs once into {@code target/browser-test} (it never downloads a
 * browser). A missing Chromium, Node 20+ or npm fails the test naming the package.
 */
public final class HeadlessChromium {
    private static final String PLAYWRIGHT = "playwright-core@1.65.1";
    private static final Path TARGET = Path.of("target").toAbsolutePath();

    private HeadlessChromium() {
    }

    /**
     * Runs the script against the page; fails with its output unless it exits 0 within the time.
     *
     * @param script the Node script (playwright-core's path is in {@code PLAYWRIGHT_CORE})
     * @param page the page it opens
     * @param screenshot where it saves its screenshot
     * @param seconds how long it may take
     * @return the script's output
     */
    public static String run(Path script, URI page, Path screenshot, int seconds) throws Exception {
        return run(script, page, screenshot, seconds, java.util.Map.of());
    }

    /**
     * Runs the script as {@link #run(Path, URI, Path, int)} does, with further environment variables.
     *
     * @param environment what the script reads beside its arguments
     */
    public static String run(Path script, URI page, Path screenshot, int seconds, java.util.Map<String, String> environment)
            throws Exception {
        String chromium = chromium();
        String playwright = playwrightCore();
        Files.deleteIfExists(screenshot);
        ProcessBuilder pb = new ProcessBuilder("node", script.toAbsolutePath().toString(), page.toString(),
                screenshot.toString(), chromium).redirectErrorStream(true);
        pb.environment().putAll(environment);
        pb.environment().put("PLAYWRIGHT_CORE", playwright);
        Result r = run(pb, seconds);
        System.out.println(r.output());
        assertEquals(0, r.exit(), "the page script failed:\n" + r.output());
        return r.output();
    }

    private static String chromium() {
        String path = System.getProperty("gatehouse.test.chromium", "/usr/bin/chromium");
        if (!Files.isExecutable(Path.of(path))) {
            fail("Chromium not found at " + path + ": install Debian's package (apt-get install chromium)"
                    + " or pass -Dgatehouse.test.chromium=/path/to/chromium");
        }
        return path;
    }

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
