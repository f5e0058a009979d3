package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.Connection;
import dev.gatehouse.Handles;
import dev.gatehouse.MessageContext;
import dev.gatehouse.testkit.LogCapture;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Handlers written as annotated methods, over real sockets: the payload bound to the parameter, the
 * return value sent as the reply (of the frame's own type unless the annotation names one, with
 * {@code reply_to}), a stage's value sent when it completes, {@code @RolesAllowed} on the class and
 * {@code @PermitAll} on a method, a thrown exception answered {@code HANDLER_ERROR} with the
 * connection open, and the startup line naming each type's method.
 */
class AnnotatedHandlersIT {
    private static TestServer server;
    private static String startupLine;

    public record Send(String room, String text) { }

    public record Message(String room, String from, String text) { }

    @RolesAllowed("chat")
    public static final class Chat {
        @Handles("chat.send")
        public Message send(Send send, Connection from) {
            return new Message(send.room(), from.userId(), send.text());
        }

        @Handles(value = "chat.join", reply = "chat.joined")
        public CompletionStage<Map<String, String>> join(Send join, MessageContext ctx) {
            ctx.rooms().join("chat:" + join.room());
            return CompletableFuture.supplyAsync(() -> Map.of("room", join.room(), "rooms", String.join(",", ctx.rooms().names())));
        }

        @PermitAll
        @Handles("chat.rules")
        public Map<String, String> rules() {
            return Map.of("rules", "be kind");
        }

        @Handles("chat.broken")
        public void broken(Send send) {
            throw new IllegalStateException("a handler bug");
        }
    }

    @BeforeAll
    static void start() {
        try (LogCapture log = LogCapture.of("dev.gatehouse")) {
            server = TestServer.start(g -> g.handlers(new Chat()));
            startupLine = log.matching(r -> r.getMessage().contains("handlers:")).stream()
                    .map(LogCapture::describe).findFirst().orElse("(no startup line)");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theReturnValueIsTheReplyOfTheFramesTypeWithReplyTo() {
        try (TestClient client = member("alice")) {
            client.send("chat.send", "1", Json.createObjectBuilder().add("room", "lobby").add("text", "hi").build());
            JsonObject reply = client.next();
            assertEquals("chat.send", reply.getString("type"), reply.toString());
            assertEquals("1", reply.getString("reply_to"), reply.toString());
            assertEquals(Json.createObjectBuilder().add("from", "alice").add("room", "lobby").add("text", "hi").build(),
                    reply.getJsonObject("data"));
        }
    }

    @Test
    void aStagesValueIsTheReplyOfTheNamedTypeWhenItCompletes() {
        try (TestClient client = member("bob")) {
            client.send("chat.join", "7", Json.createObjectBuilder().add("room", "lobby").build());
            JsonObject reply = client.next();
            assertEquals("chat.joined", reply.getString("type"), reply.toString());
            assertEquals("7", reply.getString("reply_to"), reply.toString());
            assertEquals("chat:lobby", reply.getJsonObject("data").getString("rooms"), reply.toString());
        }
    }

    @Test
    void theClassesRolesApplyToEveryMethodButOneWithPermitAll() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("mallory"))) {
            client.send("chat.send", "1", Json.createObjectBuilder().add("room", "lobby").add("text", "hi").build());
            JsonObject forbidden = client.nextError("FORBIDDEN");
            assertEquals("1", forbidden.getString("reply_to"), forbidden.toString());

            client.send("chat.rules", "2", null);
            JsonObject rules = client.next();
            assertEquals("chat.rules", rules.getString("type"), rules.toString());
            assertEquals("be kind", rules.getJsonObject("data").getString("rules"), rules.toString());
            client.assertOpen();
        }
    }

    @Test
    void anExceptionIsAnsweredHandlerErrorAndTheConnectionGoesOn() {
        try (TestClient client = member("carol")) {
            client.send("chat.broken", "1", Json.createObjectBuilder().add("room", "lobby").build());
            JsonObject error = client.nextError("HANDLER_ERROR");
            assertEquals("1", error.getString("reply_to"), error.toString());
            client.send("chat.rules", "2", null);
            assertEquals("chat.rules", client.next().getString("type"));
            client.assertOpen();
        }
    }

    @Test
    void theStartupLineNamesEachTypeAndTheMethodBehindIt() {
        for (String type : List.of("chat.send", "chat.join", "chat.rules", "chat.broken")) {
            String method = type.substring("chat.".length());
            assertTrue(startupLine.contains(type + " → " + Chat.class.getName() + "#" + method), startupLine);
        }
    }

    private static TestClient member(String user) {
        return TestClient.connectWelcomed(server.uri(), TestServer.token(user, Map.of("groups", List.of("chat"))));
    }
}
