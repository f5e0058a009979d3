package dev.gatehouse.it.war;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.it.war.app.EchoHandler;
import dev.gatehouse.testkit.TestClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A client with a good token gets the welcome first, is ready, and is answered. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConnectionEstablishmentIT {

    @Deployment(testable = false)
    static WebArchive app() {
        return Wars.war("welcome", Wars.withKey(), EchoHandler.class);
    }

    @ArquillianResource
    URL base;

    @Test
    void welcomeIsTheFirstFrameAndTheConnectionIsReady() {
        try (TestClient client = TestClient.connect(Endpoints.ws(base, "ws"), Tokens.valid("alice"))) {
            JsonObject welcome = client.next();
            assertEquals("system_message", welcome.getString("type"));
            JsonObject data = welcome.getJsonObject("data");
            assertEquals("connection_established", data.getString("event"));
            assertEquals("alice", data.getString("user_id"));
            assertTrue(data.getString("connection_id").startsWith("ws_"));
            assertTrue(data.getBoolean("connection_ready"));
            assertEquals(1, data.getInt("protocol_version"));
            client.assertNothingWithin(Duration.ofMillis(200));
        }
    }

    @Test
    void pingIsAnsweredWithPongCarryingReplyTo() {
        try (TestClient client = TestClient.connectWelcomed(Endpoints.ws(base, "ws"), Tokens.valid("bob"))) {
            client.send("ping", "p1", null);
            JsonObject pong = client.next();
            assertEquals("pong", pong.getString("type"));
            assertEquals("p1", pong.getString("reply_to"));
            assertTrue(pong.getJsonObject("data").containsKey("server_time"));
        }
    }

    @Test
    void applicationHandlerAnswersWithReplyTo() {
        try (TestClient client = TestClient.connectWelcomed(Endpoints.ws(base, "ws"), Tokens.valid("carol"))) {
            client.send("echo", "e1", Json.createObjectBuilder().add("hello", "world").build());
            JsonObject echo = client.next();
            assertEquals("echo", echo.getString("type"));
            assertEquals("e1", echo.getString("reply_to"));
            assertEquals("world", echo.getJsonObject("data").getString("hello"));
        }
    }

    @Test
    void bearerSubprotocolTokenNegotiatesGatehouseV1() {
        List<String> offered = List.of("gatehouse.v1", "bearer." + Tokens.valid("dave"));
        try (TestClient client = TestClient.connect(Endpoints.ws(base, "ws"), Map.of(), offered)) {
            assertEquals("gatehouse.v1", client.subprotocol());
            JsonObject welcome = client.next();
            assertEquals("dave", welcome.getJsonObject("data").getString("user_id"));
        }
    }
}
