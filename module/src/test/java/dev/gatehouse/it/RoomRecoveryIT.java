package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.Gatehouse;
import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.spi.InProcessCluster;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Recovery over real sockets (PROTOCOL.md §3.6): a client that left one server states its position
 * with {@code recover} on another server of the cluster, the application's unchanged join handler
 * joins it again, and it gets exactly the frames it missed, in order, then {@code recovered: true}.
 */
class RoomRecoveryIT {
    private final InProcessCluster cluster = new InProcessCluster();
    private TestServer a;
    private TestServer b;

    @BeforeEach
    void start() {
        a = TestServer.start(c -> c.historyRooms(List.of("chat:*")).presenceRooms(List.of("chat:*")),
                g -> handlers(g.backplane(cluster.node())));
        b = TestServer.start(c -> c.historyRooms(List.of("chat:*")).presenceRooms(List.of("chat:*")),
                g -> handlers(g.backplane(cluster.node())));
    }

    private static void handlers(Gatehouse.Builder g) {
        g.handler(FrameHandler.of("room.join", JsonObject.class, (d, ctx) -> {
            ctx.rooms().join(d.getString("room"));
            ctx.reply("room.joined", d);
        })).handler(FrameHandler.of("room.say", JsonObject.class, (d, ctx) ->
                ctx.connections().sendToRoom(d.getString("room"), "room.said", d)));
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    @Test
    void aClientBackOnAnotherServerGetsWhatItMissedOnceAndInOrderThenRecoveredTrue() throws Exception {
        try (TestClient sender = TestClient.connectWelcomed(a.uri(), TestServer.token("sender"));
                TestClient first = TestClient.connectWelcomed(a.uri(), TestServer.token("alice"))) {
            join(first, "chat:lobby");
            say(sender, 1);
            JsonObject one = first.next();
            assertEquals(1, one.getJsonObject("data").getInt("n"));
            String epoch = one.getString("epoch");
            assertEquals(1, one.getJsonNumber("offset").longValue());
            first.closeAndAwait();

            for (int n = 2; n <= 4; n++) {
                say(sender, n);
            }
            try (TestClient back = TestClient.connectWelcomed(b.uri(), TestServer.token("alice"))) {
                back.send("recover", null, Json.createObjectBuilder()
                        .add("rooms", Json.createObjectBuilder().add("chat:lobby",
                                Json.createObjectBuilder().add("epoch", epoch).add("offset", 1)))
                        .add("previous_connection_id", first.connectionId()).build());
                back.send("room.join", "j", Json.createObjectBuilder().add("room", "chat:lobby").build());
                List<Integer> numbers = new ArrayList<>();
                JsonObject event = null;
                while (event == null) {
                    JsonObject f = back.next();
                    if (f.getString("type").equals("room.said")) {
                        numbers.add(f.getJsonObject("data").getInt("n"));
                    } else if (f.getString("type").equals("system_message")) {
                        event = f.getJsonObject("data");
                    }
                }
                assertEquals(List.of(2, 3, 4), numbers);
                assertEquals("room_recovery", event.getString("event"));
                assertTrue(event.getBoolean("recovered"), event.toString());
                assertEquals(4, event.getJsonNumber("offset").longValue());
                say(sender, 5);
                JsonObject live = nextSaid(back);
                assertEquals(5, live.getJsonObject("data").getInt("n"));
                assertEquals(5, live.getJsonNumber("offset").longValue());
            }
        }
    }

    @Test
    void aMemberAsksForTheRoomsMembersOnEveryServerAndANonMemberIsRefused() {
        try (TestClient alice = TestClient.connectWelcomed(a.uri(), TestServer.token("alice"));
                TestClient bob = TestClient.connectWelcomed(b.uri(), TestServer.token("bob"))) {
            join(alice, "chat:lobby");
            bob.send("room_members", "m0", Json.createObjectBuilder().add("room", "chat:lobby").build());
            JsonObject refused = bob.next();
            assertEquals("ROOM_FORBIDDEN", refused.getJsonObject("data").getString("error_code"), refused.toString());
            assertEquals("m0", refused.getString("reply_to"));

            join(bob, "chat:lobby");
            bob.send("room_members", "m1", Json.createObjectBuilder().add("room", "chat:lobby").build());
            JsonObject answer = nextOfType(bob, "room_members");
            assertEquals("m1", answer.getString("reply_to"));
            assertEquals("chat:lobby", answer.getJsonObject("data").getString("room"));
            List<String> connections = answer.getJsonObject("data").getJsonArray("members").stream()
                    .map(v -> v.asJsonObject().getString("connection_id")).sorted().toList();
            assertEquals(java.util.stream.Stream.of(alice.connectionId(), bob.connectionId()).sorted().toList(), connections);
        }
    }

    @Test
    void aMalformedRecoverIsAnsweredAndChangesNothing() {
        try (TestClient alice = TestClient.connectWelcomed(a.uri(), TestServer.token("alice"))) {
            alice.send("recover", "r", Json.createObjectBuilder().add("rooms", "chat:lobby").build());
            JsonObject error = alice.next();
            assertEquals("error_message", error.getString("type"));
            assertEquals("MALFORMED_MESSAGE", error.getJsonObject("data").getString("error_code"));
            assertEquals("r", error.getString("reply_to"));
            assertFalse(error.getJsonObject("data").getBoolean("retryable"));
        }
    }

    private static void join(TestClient client, String room) {
        client.send("room.join", "j", Json.createObjectBuilder().add("room", room).build());
        assertEquals("room.joined", client.next().getString("type"));
    }

    private static void say(TestClient sender, int n) {
        sender.send("room.say", null, Json.createObjectBuilder().add("room", "chat:lobby").add("n", n).build());
    }

    private static JsonObject nextSaid(TestClient client) {
        return nextOfType(client, "room.said");
    }

    private static JsonObject nextOfType(TestClient client, String type) {
        JsonObject f;
        do {
            f = client.next();
        } while (!f.getString("type").equals(type));
        return f;
    }
}
