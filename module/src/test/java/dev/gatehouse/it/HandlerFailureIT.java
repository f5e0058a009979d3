package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.gatehouse.MessageContext;
import dev.gatehouse.spi.AsyncFrameHandler;
import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A failing handler is answered with HANDLER_ERROR; the connection stays open and nothing internal leaks. */
class HandlerFailureIT {
    private static final String SECRET_DETAIL = "db-password-hunter2";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(g -> g
                .handler(FrameHandler.of("echo", JsonObject.class, (d, ctx) -> ctx.reply("echo", d)))
                .handler(FrameHandler.of("boom", JsonObject.class, (d, ctx) -> {
                    throw new IllegalStateException(SECRET_DETAIL);
                }))
                .handler(async("async.fails", (d, ctx) -> CompletableFuture.failedFuture(new IllegalStateException(SECRET_DETAIL))))
                .handler(async("async.throws", (d, ctx) -> {
                    throw new IllegalStateException(SECRET_DETAIL);
                })));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void throwingHandlerGetsHandlerErrorWithReplyToAndTheNextFrameIsStillHandled() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"))) {
            JsonObject error = client.send("boom", "b1", null).nextError("HANDLER_ERROR");
            assertEquals("b1", error.getString("reply_to"));
            assertFalse(error.getJsonObject("data").getBoolean("retryable"), "the same frame would fail again");
            assertNoInternals(error);
            JsonObject echo = client.send("echo", "e1", null).next();
            assertEquals("echo", echo.getString("type"));
            assertEquals("e1", echo.getString("reply_to"));
            client.assertNothingWithin(Duration.ofMillis(100));
        }
    }

    @Test
    void asyncHandlerWhoseStageFailsGetsHandlerError() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"))) {
            JsonObject error = client.send("async.fails", "a1", null).nextError("HANDLER_ERROR");
            assertEquals("a1", error.getString("reply_to"));
            assertNoInternals(error);
            client.assertOpen().assertNothingWithin(Duration.ofMillis(100));
        }
    }

    @Test
    void asyncHandlerThatThrowsBeforeReturningAStageGetsHandlerError() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"))) {
            JsonObject error = client.send("async.throws", "a2", null).nextError("HANDLER_ERROR");
            assertEquals("a2", error.getString("reply_to"));
            assertNoInternals(error);
            client.assertOpen().assertNothingWithin(Duration.ofMillis(100));
        }
    }

    static void assertNoInternals(JsonObject error) {
        String text = error.toString();
        assertFalse(text.contains(SECRET_DETAIL), text);
        assertFalse(text.contains("Exception"), text);
        assertFalse(text.contains("\tat ") || text.contains("at dev.gatehouse"), text);
        assertEquals(0, error.getJsonObject("data").getJsonObject("details").size(), text);
    }

    interface AsyncBody {
        CompletionStage<?> handle(JsonObject data, MessageContext ctx) throws Exception;
    }

    static AsyncFrameHandler<JsonObject> async(String type, AsyncBody body) {
        return new AsyncFrameHandler<>() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public Class<JsonObject> payloadType() {
                return JsonObject.class;
            }

            @Override
            public CompletionStage<?> handle(JsonObject payload, MessageContext context) throws Exception {
                return body.handle(payload, context);
            }
        };
    }
}
