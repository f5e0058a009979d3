package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Text with an unpaired UTF-16 surrogate (a JSON {@code \}ud800 escape) has no UTF-8 encoding. It is
 * refused where it enters, as MALFORMED_MESSAGE, and never reaches another user; text that a
 * handler produces with one goes out escaped. Regression: such a frame once left the other user's
 * connection open but silent for good, and the sender's own when it was the frame's id.
 */
class UnencodableTextIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(g -> g
                .handler(FrameHandler.of("chat.send", JsonObject.class, (d, ctx) -> ctx.connections().broadcast("chat.message", d)))
                .handler(FrameHandler.of("make.surrogate", JsonObject.class, (d, ctx) -> {
                    ctx.reply("made.jsonb", Map.of("text", "x\ud800"));
                    ctx.reply("made.jsonp", Json.createObjectBuilder().add("text", "y\udc00").build());
                })));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void chatTextWithALoneSurrogateIsRefusedForTheSenderAndNeverReachesTheOtherUser() {
        try (TestClient alice = TestClient.connectWelcomed(server.uri(), TestServer.token("surrogate-alice"));
                TestClient bob = TestClient.connectWelcomed(server.uri(), TestServer.token("surrogate-bob"))) {
            alice.sendRaw("{\"type\":\"chat.send\",\"id\":\"c1\",\"data\":{\"text\":\"x\\ud800\"}}");
            assertEquals("c1", alice.nextError("MALFORMED_MESSAGE").getString("reply_to"));
            bob.assertNothingWithin(Duration.ofMillis(200));
            bob.assertOpen();
            alice.assertOpen();
            alice.send("chat.send", "c2", Json.createObjectBuilder().add("text", "fine").build());
            assertEquals("fine", bob.next().getJsonObject("data").getString("text"));
            assertEquals("fine", alice.next().getJsonObject("data").getString("text"));
        }
    }

    @Test
    void pingWhoseIdIsALoneSurrogateIsMalformedWithoutReplyToAndTheConnectionKeepsAnswering() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("surrogate-carol"))) {
            JsonObject error = client.sendRaw("{\"type\":\"ping\",\"id\":\"\\ud800\"}").nextError("MALFORMED_MESSAGE");
            assertFalse(error.containsKey("reply_to"), error.toString());
            client.assertOpen();
            client.assertNothingWithin(Duration.ofMillis(100));
        }
    }

    @Test
    void loneSurrogatesThatAHandlerProducesGoOutEscapedAndArriveUnchanged() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("surrogate-dave"))) {
            client.send("make.surrogate", "m1", null);
            assertEquals("x\ud800", client.next().getJsonObject("data").getString("text"));
            assertEquals("y\udc00", client.next().getJsonObject("data").getString("text"));
            client.assertOpen();
        }
    }
}
