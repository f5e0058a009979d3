package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Frames built to break the JSON parser get an answer, MALFORMED_MESSAGE with the frame's id, and
 * the connection stays usable. Regression: deep nesting, long numbers and huge exponents once went
 * unanswered (the parser's own limits threw exceptions nobody caught).
 */
class HostileJsonIT {
    private static TestServer server;
    private TestClient client;

    /** A payload class, so that binding is exercised too. */
    public static final class Amount {
        public double value;
    }

    @BeforeAll
    static void start() {
        server = TestServer.start(g -> g
                .handler(FrameHandler.of("echo", JsonObject.class, (d, ctx) -> ctx.reply("echo", d)))
                .handler(FrameHandler.of("pay", Amount.class, (d, ctx) -> ctx.reply("paid", null))));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void connect() {
        client = TestClient.connectWelcomed(server.uri(), TestServer.token("hostile-json"));
    }

    @AfterEach
    void connectionStillAnswersAndNothingElseArrived() {
        client.assertOpen();
        client.assertNothingWithin(Duration.ofMillis(100));
        client.close();
    }

    @Test
    void thousandLevelsOfNestingAreAnsweredWithMalformedMessage() {
        String deep = "[".repeat(1000) + "]".repeat(1000);
        client.sendRaw("{\"type\":\"echo\",\"id\":\"deep\",\"data\":{\"a\":" + deep + "}}");
        assertEquals("deep", client.nextError("MALFORMED_MESSAGE").getString("reply_to"));
    }

    @Test
    void numberOfElevenHundredDigitsIsAnsweredWithMalformedMessage() {
        client.sendRaw("{\"type\":\"echo\",\"id\":\"long\",\"data\":{\"a\":" + "7".repeat(1101) + "}}");
        assertEquals("long", client.nextError("MALFORMED_MESSAGE").getString("reply_to"));
    }

    @Test
    void hugeExponentInAPayloadBoundToAClassIsAnsweredWithMalformedMessage() {
        client.sendRaw("{\"type\":\"pay\",\"id\":\"exp\",\"data\":{\"value\":1e99999999999}}");
        assertEquals("exp", client.nextError("MALFORMED_MESSAGE").getString("reply_to"));
    }

    @Test
    void numberThatDoesNotFitTheBoundFieldIsAnsweredWithMalformedMessage() {
        client.sendRaw("{\"type\":\"pay\",\"id\":\"nan\",\"data\":{\"value\":\"not a number\"}}");
        assertEquals("nan", client.nextError("MALFORMED_MESSAGE").getString("reply_to"));
    }
}
