package dev.gatehouse.it.war;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.client.Frame;
import dev.gatehouse.it.war.app.EchoHandler;
import dev.gatehouse.test.TestConnection;
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
        try (TestConnection client = TestConnection.open(Endpoints.ws(base, "ws"), Tokens.valid("alice"))) {
            Frame welcome = client.next();
            assertEquals("system_message", welcome.type());
            JsonObject data = welcome.data();
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
        try (TestConnection client = TestConnection.welcomed(Endpoints.ws(base, "ws"), Tokens.valid("bob"))) {
            client.send("ping", "p1", null);
            Frame pong = client.next();
            assertEquals("pong", pong.type());
            assertEquals("p1", pong.replyTo().orElseThrow());
            assertTrue(pong.data().containsKey("server_time"));
        }
    }

    @Test
    void applicationHandlerAnswersWithReplyTo() {
        try (TestConnection client = TestConnection.welcomed(Endpoints.ws(base, "ws"), Tokens.valid("carol"))) {
            client.send("echo", "e1", Json.createObjectBuilder().add("hello", "world").build());
            Frame echo = client.next();
            assertEquals("echo", echo.type());
            assertEquals("e1", echo.replyTo().orElseThrow());
            assertEquals("world", echo.data().getString("hello"));
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
