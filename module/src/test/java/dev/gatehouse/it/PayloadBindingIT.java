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

/** {@code data} is bound to the handler's payload class; data that does not fit is MALFORMED_MESSAGE. */
class PayloadBindingIT {
    private static TestServer server;

    /** A record payload. */
    public record Greeting(String name, int times) {
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
                        (p, ctx) -> ctx.reply("moved", Map.of("sum", p.x + p.y)))));
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
}
