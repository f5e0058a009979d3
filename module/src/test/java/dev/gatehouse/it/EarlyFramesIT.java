package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Frames sent before the welcome wait for it and are then handled in order, none dropped (PROTOCOL.md §3.1). */
class EarlyFramesIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(g -> g
                .connectionSetup(c -> CompletableFuture.runAsync(() -> { },
                        CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS)))
                .handler(FrameHandler.of("echo", JsonObject.class, (d, ctx) -> ctx.reply("echo", d))));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void framesSentBeforeTheWelcomeAreHandledAfterItInOrder() {
        try (TestClient client = TestClient.connect(server.uri(), Map.of("Authorization", "Bearer " + TestServer.token("alice")),
                List.of())) {
            client.send("echo", "e1", null).send("echo", "e2", null).send("echo", "e3", null);
            JsonObject welcome = client.next();
            assertEquals("connection_established", welcome.getJsonObject("data").getString("event"));
            for (String id : new String[] {"e1", "e2", "e3"}) {
                JsonObject echo = client.next();
                assertEquals("echo", echo.getString("type"), echo.toString());
                assertEquals(id, echo.getString("reply_to"));
            }
            client.assertNothingWithin(Duration.ofMillis(100));
        }
    }
}
