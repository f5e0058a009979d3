package dev.gatehouse.examples.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.testkit.HeadlessChromium;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final Path SCREENSHOT = TARGET.resolve("demo-page.png");
    private static final List<String> STEPS = List.of("welcome", "joined", "chat message", "echo", "pong", "bob connected",
            "presence: bob joined", "presence: bob left", "offline", "reconnected", "room re-joined", "chat after the reconnect");

    @Test
    void pageConnectsChatsAndReconnectsAfterGoingOfflineWithTheRoomRejoined() throws Exception {
        DemoServer.Running demo = DemoServer.start(ConfigSource.of(Map.of("gatehouse.port", "0", DemoServer.DEMO, "true")));
        try {
            URI page = URI.create("http://127.0.0.1:" + demo.server().port() + "/#token=" + demo.demoToken().orElseThrow());
            String output = HeadlessChromium.run(Path.of("src/test/js/demo-page.cjs"), page, SCREENSHOT, 180);
            System.out.println("Demo page screenshot: " + SCREENSHOT);
            List<String> passed = output.lines().filter(l -> l.startsWith("STEP ")).map(l -> l.substring(5)).toList();
            assertEquals(STEPS, passed, output);
            assertTrue(output.lines().anyMatch("DONE"::equals), output);
        } finally {
            demo.server().stop();
        }
    }

    @Test
    void theCompiledClientIsServedAsAJavaScriptModule() throws Exception {
        DemoServer.Running demo = DemoServer.start(ConfigSource.of(Map.of("gatehouse.port", "0", DemoServer.DEMO, "true")));
        try {
            HttpResponse<String> client = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
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
}
