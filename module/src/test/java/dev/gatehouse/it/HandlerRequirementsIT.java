package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.MessageContext;
import dev.gatehouse.Requires;
import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.annotation.security.RolesAllowed;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Declarative authorization per message type over real sockets (PROTOCOL.md §3.4): a frame of a
 * type whose handler needs a group or scope the connection's token lacks is answered
 * {@code FORBIDDEN} with {@code reply_to}, the handler is not called, and the connection stays open
 * for the types it may use; with the group or scope, the handler answers.
 */
class HandlerRequirementsIT {
    private static TestServer server;

    /** A handler whose class says who may use it, as a Jakarta developer would. */
    @RolesAllowed({"ops", "admin"})
    static final class Restart implements FrameHandler<JsonObject> {
        @Override
        public String type() {
            return "ops.restart";
        }

        @Override
        public Class<JsonObject> payloadType() {
            return JsonObject.class;
        }

        @Override
        public void handle(JsonObject payload, MessageContext context) {
            context.reply("ops.restarting", null);
        }
    }

    @BeforeAll
    static void start() {
        server = TestServer.start(g -> g
                .handler(FrameHandler.of("room.delete", JsonObject.class, (d, ctx) -> ctx.reply("room.deleted", d)),
                        Requires.groups("admin"))
                .handler(FrameHandler.of("chat.post", JsonObject.class, (d, ctx) -> ctx.reply("chat.posted", d)),
                        Requires.scopes("chat:write"))
                .handler(new Restart())
                .handler(FrameHandler.of("echo", JsonObject.class, (d, ctx) -> ctx.reply("echo", d))));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aTypeNeedingAGroupIsForbiddenWithoutItAndTheConnectionGoesOn() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(),
                TestServer.token("mallory", Map.of("groups", List.of("chat"))))) {
            client.send("room.delete", "1", Json.createObjectBuilder().add("room", "lobby").build());
            JsonObject error = client.nextError("FORBIDDEN");
            assertEquals("1", error.getString("reply_to"), error.toString());
            assertEquals(false, error.getJsonObject("data").getBoolean("retryable"), error.toString());

            client.send("echo", "2", Json.createObjectBuilder().add("still", "here").build());
            JsonObject echo = client.next();
            assertEquals("echo", echo.getString("type"), echo.toString());
            assertEquals("2", echo.getString("reply_to"), echo.toString());
            client.assertOpen();
        }
    }

    @Test
    void aTypeNeedingAGroupIsHandledForATokenWithIt() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(),
                TestServer.token("alice", Map.of("groups", List.of("chat", "admin"))))) {
            client.send("room.delete", "1", Json.createObjectBuilder().add("room", "lobby").build());
            JsonObject reply = client.next();
            assertEquals("room.deleted", reply.getString("type"), reply.toString());
            assertEquals("1", reply.getString("reply_to"), reply.toString());
        }
    }

    @Test
    void aTypeNeedingAScopeIsHandledOnlyForATokenWithIt() {
        try (TestClient reader = TestClient.connectWelcomed(server.uri(),
                TestServer.token("reader", Map.of("scope", "chat:read")));
                TestClient writer = TestClient.connectWelcomed(server.uri(),
                        TestServer.token("writer", Map.of("scope", "chat:read chat:write")))) {
            reader.send("chat.post", "1", Json.createObjectBuilder().build());
            assertEquals("1", reader.nextError("FORBIDDEN").getString("reply_to"));
            writer.send("chat.post", "1", Json.createObjectBuilder().build());
            assertEquals("chat.posted", writer.next().getString("type"));
        }
    }

    @Test
    void rolesAllowedOnAHandlerClassLetsAnyOfItsRolesIn() {
        try (TestClient user = TestClient.connectWelcomed(server.uri(), TestServer.token("user"));
                TestClient ops = TestClient.connectWelcomed(server.uri(),
                        TestServer.token("operator", Map.of("groups", List.of("ops"))))) {
            user.send("ops.restart", "7", null);
            assertEquals("7", user.nextError("FORBIDDEN").getString("reply_to"));
            user.assertOpen();
            ops.send("ops.restart", "7", null);
            assertEquals("ops.restarting", ops.next().getString("type"));
        }
    }
}
