package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WelcomeIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(g -> { });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void welcomeIsTheFirstFrameAndCarriesTheConnectionFacts() {
        try (TestClient client = TestClient.connect(server.uri(), TestServer.token("alice"))) {
            JsonObject welcome = client.next();
            assertEquals("system_message", welcome.getString("type"));
            JsonObject data = welcome.getJsonObject("data");
            assertEquals("connection_established", data.getString("event"));
            assertEquals("alice", data.getString("user_id"));
            assertTrue(data.getString("connection_id").startsWith("ws_"));
            assertTrue(data.getBoolean("connection_ready"));
            assertEquals(1, data.getInt("protocol_version"));
            assertEquals(25, data.getJsonObject("config").getInt("heartbeat_interval_seconds"));
            assertEquals(65536, data.getJsonObject("config").getInt("max_message_size_bytes"));
            assertTrue(welcome.getJsonNumber("timestamp").doubleValue() > 1.7e9);
            client.assertNothingWithin(Duration.ofMillis(200));
        }
    }

    @Test
    void pingIsAnsweredWithPongCarryingReplyTo() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("bob"))) {
            client.send("ping", "p1", null);
            JsonObject pong = client.next();
            assertEquals("pong", pong.getString("type"));
            assertEquals("p1", pong.getString("reply_to"));
        }
    }
}
