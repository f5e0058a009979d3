package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.Gatehouse;
import dev.gatehouse.JoinDecision;
import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.spi.InProcessCluster;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two real servers joined as one cluster in this JVM, real clients over real sockets: rooms joined
 * by handlers, room messages and presence events crossing servers, refusals answered on the wire.
 */
class RoomsAcrossServersIT {
    private final InProcessCluster cluster = new InProcessCluster();
    private TestServer a;
    private TestServer b;

    @BeforeEach
    void start() {
        a = TestServer.start(c -> c.presenceRooms(List.of("chat:*")), g -> handlers(g.backplane(cluster.node())));
        b = TestServer.start(c -> c.presenceRooms(List.of("chat:*")), g -> handlers(g.backplane(cluster.node())));
    }

    private static void handlers(Gatehouse.Builder g) {
        g.roomAuthorizer((c, room) -> room.startsWith("staff:") && !c.userId().startsWith("staff-")
                        ? JoinDecision.refuse("Staff only") : JoinDecision.allow())
                .handler(FrameHandler.of("room.join", JsonObject.class, (d, ctx) -> {
                    if (ctx.rooms().join(d.getString("room")).allowed()) {
                        ctx.reply("room.joined", d);
                    }
                }))
                .handler(FrameHandler.of("room.say", JsonObject.class, (d, ctx) ->
                        ctx.connections().sendToRoom(d.getString("room"), "room.said", d, ctx.connection().id())));
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    @Test
    void aRoomMessageCrossesServersToMembersOnlyAndPresenceEventsFollow() throws Exception {
        try (TestClient alice = TestClient.connectWelcomed(a.uri(), TestServer.token("alice"));
                TestClient bob = TestClient.connectWelcomed(b.uri(), TestServer.token("bob"));
                TestClient carol = TestClient.connectWelcomed(b.uri(), TestServer.token("carol"))) {
            join(alice, "chat:lobby");
            join(bob, "chat:lobby");
            JsonObject joined = alice.next();
            assertEquals("member_joined", joined.getJsonObject("data").getString("event"));
            assertEquals("bob", joined.getJsonObject("data").getString("user_id"));
            assertEquals(bob.connectionId(), joined.getJsonObject("data").getString("connection_id"));

            bob.send("room.say", null, Json.createObjectBuilder().add("room", "chat:lobby").add("text", "hi").build());
            JsonObject said = alice.next();
            assertEquals("room.said", said.getString("type"));
            assertEquals("hi", said.getJsonObject("data").getString("text"));
            assertEquals(2, a.connections().presence().count("chat:lobby").toCompletableFuture().get().connections());

            bob.closeAndAwait();
            assertEquals("member_left", alice.next().getJsonObject("data").getString("event"));
            carol.assertNothingWithin(Duration.ofMillis(200));
        }
    }

    @Test
    void aRefusedJoinIsAnsweredRoomForbiddenAndTheConnectionStaysOpen() {
        try (TestClient alice = TestClient.connectWelcomed(a.uri(), TestServer.token("alice"))) {
            alice.send("room.join", "7", Json.createObjectBuilder().add("room", "staff:ops").build());
            JsonObject error = alice.nextError("ROOM_FORBIDDEN");
            assertEquals("7", error.getString("reply_to"));
            assertEquals("Staff only", error.getJsonObject("data").getString("error_message"));
            alice.send("room.join", "8", Json.createObjectBuilder().add("room", "bad name").build());
            assertEquals("8", alice.nextError("ROOM_FORBIDDEN").getString("reply_to"));
            join(alice, "chat:ok");
            alice.assertOpen();
        }
    }

    @Test
    void disconnectUserClosesTheUsersConnectionsOnBothServers() {
        try (TestClient phone = TestClient.connectWelcomed(a.uri(), TestServer.token("alice"));
                TestClient laptop = TestClient.connectWelcomed(b.uri(), TestServer.token("alice"));
                TestClient bob = TestClient.connectWelcomed(b.uri(), TestServer.token("bob"))) {
            a.connections().disconnectUser("alice", 4001, "LOGGED_OUT");
            phone.assertClosed(4001, "LOGGED_OUT");
            laptop.assertClosed(4001, "LOGGED_OUT");
            bob.assertOpen();
            assertTrue(b.connections().byUser("alice").isEmpty());
        }
    }

    private static void join(TestClient client, String room) {
        client.send("room.join", "j", Json.createObjectBuilder().add("room", room).build());
        JsonObject answer = client.next();
        assertEquals("room.joined", answer.getString("type"), answer.toString());
    }
}
