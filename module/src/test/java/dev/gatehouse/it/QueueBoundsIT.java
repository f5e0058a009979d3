package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bounded queues answer their overflow with RATE_LIMITED and keep the connection. */
class QueueBoundsIT {
    private static final FrameHandler<JsonObject> ECHO =
            FrameHandler.of("echo", JsonObject.class, (data, ctx) -> ctx.reply("echo", data));

    @Test
    void framesBeyondTheEarlyQueueAreRateLimitedAfterTheWelcomeAndTheRestHandledInOrder() {
        try (TestServer server = TestServer.start(c -> c.readyQueueLimit(2), g -> g.handler(ECHO)
                .connectionSetup(c -> CompletableFuture.runAsync(() -> { },
                        CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS))));
             TestClient client = TestClient.connect(server.uri(), TestServer.token("early"))) {
            for (int i = 1; i <= 4; i++) {
                client.send("echo", "e" + i, null);
            }
            assertEquals("connection_established", client.next().getJsonObject("data").getString("event"));
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                JsonObject frame = client.next();
                answers.add(frame.getString("type").equals("echo") ? frame.getString("reply_to")
                        : frame.getJsonObject("data").getString("error_code"));
            }
            assertEquals(List.of("RATE_LIMITED", "RATE_LIMITED", "e1", "e2"), answers);
            client.assertOpen();
        }
    }

    @Test
    void framesBeyondTheHandlerQueueAreRateLimitedAndTheConnectionStaysOpen() {
        FrameHandler<JsonObject> slow = FrameHandler.of("slow", JsonObject.class, (data, ctx) -> {
            Thread.sleep(300);
            ctx.reply("done", null);
        });
        try (TestServer server = TestServer.start(c -> c.handlerQueueLimit(1), g -> g.handler(slow));
             TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("busy"))) {
            for (int i = 1; i <= 4; i++) {
                client.send("slow", "s" + i, null);
            }
            int done = 0;
            int limited = 0;
            for (int i = 0; i < 4; i++) {
                JsonObject frame = client.next(Duration.ofSeconds(5));
                if (frame.getString("type").equals("done")) {
                    done++;
                } else {
                    assertEquals("RATE_LIMITED", frame.getJsonObject("data").getString("error_code"));
                    limited++;
                }
            }
            assertTrue(done >= 1 && limited >= 1, "done " + done + ", rate limited " + limited);
            client.assertOpen();
        }
    }
}
