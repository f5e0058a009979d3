package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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

/** Frames that are not envelopes get MALFORMED_MESSAGE and the connection stays usable (PROTOCOL.md §3.4). */
class MalformedFrameIT {
    private static TestServer server;
    private TestClient client;

    @BeforeAll
    static void start() {
        server = TestServer.start(g -> g.handler(FrameHandler.of("echo", JsonObject.class, (d, ctx) -> ctx.reply("echo", d))));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void connect() {
        client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"));
    }

    @AfterEach
    void connectionIsStillUsableAndNothingElseArrived() {
        client.assertOpen();
        client.assertNothingWithin(Duration.ofMillis(100));
        client.close();
    }

    @Test
    void textThatIsNotJsonIsMalformed() {
        JsonObject error = client.sendRaw("{not json").nextError("MALFORMED_MESSAGE");
        assertFalse(error.containsKey("reply_to"));
        assertEquals(false, error.getJsonObject("data").getBoolean("retryable"));
        assertEquals(0, error.getJsonObject("data").getJsonObject("details").size());
    }

    @Test
    void jsonArrayIsMalformed() {
        client.sendRaw("[{\"type\":\"echo\"}]").nextError("MALFORMED_MESSAGE");
    }

    @Test
    void missingTypeIsMalformedAndCarriesTheClientsId() {
        JsonObject error = client.sendRaw("{\"id\":\"m1\",\"data\":{}}").nextError("MALFORMED_MESSAGE");
        assertEquals("m1", error.getString("reply_to"));
    }

    @Test
    void invalidTypeIsMalformedAndCarriesTheClientsId() {
        JsonObject error = client.sendRaw("{\"type\":\"Not A Type\",\"id\":\"m2\"}").nextError("MALFORMED_MESSAGE");
        assertEquals("m2", error.getString("reply_to"));
    }

    @Test
    void nonStringTypeIsMalformed() {
        JsonObject error = client.sendRaw("{\"type\":42,\"id\":\"m3\"}").nextError("MALFORMED_MESSAGE");
        assertEquals("m3", error.getString("reply_to"));
    }

    @Test
    void dataThatIsNotAnObjectIsMalformed() {
        JsonObject error = client.sendRaw("{\"type\":\"echo\",\"id\":\"m4\",\"data\":[1]}").nextError("MALFORMED_MESSAGE");
        assertEquals("m4", error.getString("reply_to"));
    }

    @Test
    void twoObjectsInOneFrameAreMalformedAndNeitherIsHandled() {
        client.sendRaw("{\"type\":\"echo\",\"id\":\"a\"}{\"type\":\"echo\",\"id\":\"b\"}").nextError("MALFORMED_MESSAGE");
    }

    @Test
    void unknownTopLevelFieldsAreIgnored() {
        JsonObject echo = client.sendRaw("{\"type\":\"echo\",\"id\":\"e1\",\"data\":{\"a\":1},\"extra\":true}").next();
        assertEquals("echo", echo.getString("type"));
        assertEquals("e1", echo.getString("reply_to"));
        assertEquals(1, echo.getJsonObject("data").getInt("a"));
    }
}
