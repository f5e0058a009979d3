package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A handler slower than {@code handlerTimeout} gets HANDLER_TIMEOUT; the connection goes on with the next frame. */
class HandlerTimeoutIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.handlerTimeout(Duration.ofMillis(300)), g -> g
                .handler(FrameHandler.of("echo", JsonObject.class, (d, ctx) -> ctx.reply("echo", d)))
                .handler(FrameHandler.of("slow", JsonObject.class, (d, ctx) -> {
                    Thread.sleep(10_000);
                    ctx.reply("slow.done", null);
                }))
                .handler(HandlerFailureIT.async("never", (d, ctx) -> new CompletableFuture<Void>())));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void sleepingSyncHandlerGetsHandlerTimeoutAndTheNextFrameIsHandled() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"))) {
            client.send("slow", "s1", null);
            client.send("echo", "e1", null);
            assertEquals("s1", client.nextError("HANDLER_TIMEOUT").getString("reply_to"));
            assertEquals("e1", client.next().getString("reply_to"));
            client.assertOpen().assertNothingWithin(Duration.ofMillis(100));
        }
    }

    @Test
    void neverCompletingAsyncHandlerGetsHandlerTimeoutAndTheNextFrameIsHandled() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"))) {
            client.send("never", "n1", null);
            client.send("echo", "e1", null);
            assertEquals("n1", client.nextError("HANDLER_TIMEOUT").getString("reply_to"));
            assertEquals("e1", client.next().getString("reply_to"));
            client.assertOpen().assertNothingWithin(Duration.ofMillis(100));
        }
    }
}
