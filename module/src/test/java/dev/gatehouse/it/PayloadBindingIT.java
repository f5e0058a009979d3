package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * {@code data} is bound to the handler's payload class; data whose JSON types do not fit, or no data
 * at all, is MALFORMED_MESSAGE naming the field, the handler is not called, and the connection stays
 * open (PROTOCOL.md §2.2).
 */
class PayloadBindingIT {
    private static TestServer server;

    /** A record payload. */
    public record Greeting(String name, int times) {
    }

    /** The payload of the issue that found Yasson binding {@code ["not","a","string"]} and {@code 5} to a String. */
    public record Join(String room) {
    }

    /** A class payload with public fields. */
    public static class Move {
        public int x;
        public int y;
    }

    @BeforeAll
    static void start() {
        server = TestServer.start(g -> g
                .handler(FrameHandler.of("greet", Greeting.class,
                        (p, ctx) -> ctx.reply("greeting", Map.of("text", ("hi " + p.name() + " ").repeat(p.times()).trim()))))
                .handler(FrameHandler.of("move", Move.class,
                        (p, ctx) -> ctx.reply("moved", Map.of("sum", p.x + p.y))))
                .handler(FrameHandler.of("chat.join", Join.class, (p, ctx) -> ctx.reply("joined", Map.of("room", p.room()))))
                .handler(FrameHandler.of("echo", JsonObject.class, (p, ctx) -> ctx.reply("echo", p))));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void recordPayloadIsBound() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"))) {
            JsonObject reply = client.send("greet", "g1", Json.createObjectBuilder().add("name", "bob").add("times", 2).build()).next();
            assertEquals("greeting", reply.getString("type"));
            assertEquals("g1", reply.getString("reply_to"));
            assertEquals("hi bob hi bob", reply.getJsonObject("data").getString("text"));
        }
    }

    @Test
    void classPayloadIsBound() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"))) {
            JsonObject reply = client.send("move", "m1", Json.createObjectBuilder().add("x", 3).add("y", 4).build()).next();
            assertEquals("moved", reply.getString("type"));
            assertEquals(7, reply.getJsonObject("data").getInt("sum"));
        }
    }

    @Test
    void payloadThatDoesNotFitIsMalformedAndTheConnectionStaysOpen() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"))) {
            JsonObject error = client.send("move", "m2", Json.createObjectBuilder().add("x", "left").build())
                    .nextError("MALFORMED_MESSAGE");
            assertEquals("m2", error.getString("reply_to"));
            client.assertOpen().assertNothingWithin(Duration.ofMillis(100));
        }
    }

    @Test
    void anArrayOrANumberForAStringIsMalformedNamingTheFieldAndTheHandlerIsNotCalled() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"))) {
            assertEquals("'data.room' must be a string", malformed(client, "j1", ",\"data\":{\"room\":[\"not\",\"a\",\"string\"]}"));
            assertEquals("'data.room' must be a string", malformed(client, "j2", ",\"data\":{\"room\":5}"));
            JsonObject joined = client.send("chat.join", "j3", Json.createObjectBuilder().add("room", "lobby").build()).next();
            assertEquals("joined", joined.getString("type"), "the connection stays open and usable");
            assertEquals("lobby", joined.getJsonObject("data").getString("room"));
            client.assertOpen().assertNothingWithin(Duration.ofMillis(100));
        }
    }

    @Test
    void aFrameWithoutDataForAPayloadClassIsMalformedButAJsonObjectHandlerGetsAnEmptyObject() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"))) {
            assertEquals("'data' is required for type 'chat.join'", malformed(client, "n1", ""));
            assertEquals("'data' is required for type 'chat.join'", malformed(client, "n2", ",\"data\":null"));
            client.sendRaw("{\"type\":\"echo\",\"id\":\"e1\"}");
            JsonObject echo = client.next();
            assertEquals("e1", echo.getString("reply_to"));
            assertEquals(JsonObject.EMPTY_JSON_OBJECT, echo.getJsonObject("data"));
            client.assertOpen().assertNothingWithin(Duration.ofMillis(100));
        }
    }

    /** Sends a {@code chat.join} frame with this id and the rest of its text; returns the {@code error_message} of the MALFORMED_MESSAGE that answers it. */
    private static String malformed(TestClient client, String id, String rest) {
        JsonObject error = client.sendRaw("{\"type\":\"chat.join\",\"id\":\"" + id + "\"" + rest + "}").nextError("MALFORMED_MESSAGE");
        assertEquals(id, error.getString("reply_to"));
        return error.getJsonObject("data").getString("error_message");
    }
}
