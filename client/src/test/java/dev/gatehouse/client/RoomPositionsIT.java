package dev.gatehouse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.gatehouse.client.harness.RecordingListener;
import dev.gatehouse.client.harness.ScriptedServer;
import dev.gatehouse.client.harness.Waits;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's side of recovery (PROTOCOL §3.6, §7) against a server that sends what the test says:
 * a frame received before reaches no listener again, a reconnect states the positions held before it
 * joins its rooms again, and a {@code room_recovery} is taken as the room's position and reported.
 */
class RoomPositionsIT {
    private ScriptedServer server;
    private RecordingListener events;
    private GatehouseClient client;
    private final List<Long> heard = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = ScriptedServer.start();
        events = new RecordingListener();
        client = GatehouseClient.builder(server.uri()).token("not-checked").listener(events)
                .gatehouseRoom(room -> "chat:" + room)
                .reconnect(ReconnectPolicy.backoff(Duration.ofMillis(50), Duration.ofMillis(200))).build();
        client.on("chat.message", f -> heard.add(f.data().getJsonNumber("n").longValue()));
    }

    @AfterEach
    void stop() {
        Waits.await(client.close());
        server.close();
    }

    private static String roomFrame(String room, String epoch, long offset) {
        return "{\"type\":\"chat.message\",\"data\":{\"n\":" + offset + "},\"room\":\"" + room + "\",\"epoch\":\""
                + epoch + "\",\"offset\":" + offset + "}";
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    /** Connects and welcomes (the client answers with an empty recover); joins the rooms, answering each join. */
    private ScriptedServer.Connection connected(String connectionId, String... rooms) {
        CompletableFuture<Welcome> welcome = client.connect();
        ScriptedServer.Connection c = server.next();
        c.welcome(connectionId);
        Waits.await(welcome);
        assertEquals(json("{\"type\":\"recover\",\"data\":{}}"), json(c.receive()));
        for (String room : rooms) {
            CompletableFuture<Frame> joined = client.joinRoom(room);
            answerJoin(c, room);
            Waits.await(joined);
        }
        return c;
    }

    private static void answerJoin(ScriptedServer.Connection c, String room) {
        JsonObject join = json(c.receive());
        assertEquals("chat.join", join.getString("type"));
        assertEquals(room, join.getJsonObject("data").getString("room"));
        c.send("{\"type\":\"chat.joined\",\"data\":{\"room\":\"" + room + "\"},\"reply_to\":\"" + join.getString("id") + "\"}");
    }

    /** The server shuts the connection down; the client reconnects and is welcomed. */
    private ScriptedServer.Connection reconnected(ScriptedServer.Connection before, String connectionId) {
        before.shutDown();
        events.next("reconnecting");
        ScriptedServer.Connection c = server.next();
        c.welcome(connectionId);
        return c;
    }

    private void awaitHeard(int count) {
        Waits.until(count + " messages heard, so far " + heard, () -> heard.size() >= count);
    }

    @Test
    void serverWithoutHistoryGetsNoRecoverAfterAReconnectEither() {
        CompletableFuture<Welcome> welcome = client.connect();
        ScriptedServer.Connection first = server.next();
        first.welcome("ws_1", false);
        Waits.await(welcome);
        CompletableFuture<Frame> joined = client.joinRoom("lobby");
        answerJoin(first, "lobby");
        Waits.await(joined);
        first.send(roomFrame("chat:lobby", "e1", 1));
        awaitHeard(1);

        first.shutDown();
        events.next("reconnecting");
        ScriptedServer.Connection second = server.next();
        second.welcome("ws_2", false);

        answerJoin(second, "lobby"); // the first frame is the re-join
        assertEquals(Optional.of(new Position("e1", 1)), client.position("chat:lobby"));
    }

    @Test
    void frameReceivedBeforeReachesNoListenerAgain() {
        ScriptedServer.Connection c = connected("ws_1", "lobby");
        for (long offset : new long[] {1, 2, 2, 1, 3}) {
            c.send(roomFrame("chat:lobby", "e1", offset));
        }
        c.send(roomFrame("chat:kitchen", "e1", 1)); // another room, its own offsets
        c.send(roomFrame("chat:lobby", "e2", 1)); // another epoch: the history began again
        c.send("{\"type\":\"chat.message\",\"data\":{\"n\":99}}"); // no position: always delivered
        c.send("{\"type\":\"chat.message\",\"data\":{\"n\":99}}");

        awaitHeard(7);
        Waits.pause(Duration.ofMillis(200)); // a repeat would have its chance
        assertEquals(List.of(1L, 2L, 3L, 1L, 1L, 99L, 99L), heard);
        assertEquals(9, events.of("frame").size(), "welcome, joined, then the 7 frames, never a repeat");
        assertEquals(Optional.of(new Position("e2", 1)), client.position("chat:lobby"));
        assertEquals(Optional.of(new Position("e1", 1)), client.position("chat:kitchen"));
    }

    @Test
    void reconnectStatesThePositionsBeforeItJoinsAgainAndSendsTheHeldFrames() {
        ScriptedServer.Connection first = connected("ws_1", "lobby");
        first.send(roomFrame("chat:lobby", "e1", 11));
        first.send(roomFrame("chat:lobby", "e1", 12));
        first.send("{\"type\":\"dm\",\"data\":{},\"user\":\"alice\",\"epoch\":\"u1\",\"offset\":4}");
        awaitHeard(2);
        Waits.until("the user's position", () -> client.userPosition().isPresent());

        first.shutDown();
        events.next("reconnecting");
        client.send("chat.send", Json.createObjectBuilder().add("room", "lobby").add("text", "held").build());
        ScriptedServer.Connection second = server.next();
        second.welcome("ws_2");

        assertEquals(json("{\"type\":\"recover\",\"data\":{\"rooms\":{\"chat:lobby\":{\"epoch\":\"e1\",\"offset\":12}},"
                + "\"user\":{\"epoch\":\"u1\",\"offset\":4},\"previous_connection_id\":\"ws_1\"}}"), json(second.receive()));
        answerJoin(second, "lobby");
        assertEquals("chat.send", json(second.receive()).getString("type"));
    }

    @Test
    void recoveredRoomIsReportedAndItsFramesHeardOnce() {
        ScriptedServer.Connection first = connected("ws_1", "lobby");
        first.send(roomFrame("chat:lobby", "e1", 1));
        first.send(roomFrame("chat:lobby", "e1", 2));
        awaitHeard(2);

        ScriptedServer.Connection second = reconnected(first, "ws_2");
        assertEquals("recover", json(second.receive()).getString("type"));
        answerJoin(second, "lobby");
        second.send(roomFrame("chat:lobby", "e1", 3)); // the replay
        second.send(roomFrame("chat:lobby", "e1", 4));
        second.send("{\"type\":\"system_message\",\"data\":{\"event\":\"room_recovery\",\"room\":\"chat:lobby\","
                + "\"recovered\":true,\"replayed\":2,\"epoch\":\"e1\",\"offset\":4}}");
        second.send(roomFrame("chat:lobby", "e1", 4)); // live, already replayed
        second.send(roomFrame("chat:lobby", "e1", 5));

        RoomRecovery recovery = events.next("recovery");
        assertEquals(new RoomRecovery("chat:lobby", "", true, Optional.empty(), 2, Optional.of(new Position("e1", 4))),
                recovery);
        awaitHeard(5);
        Waits.pause(Duration.ofMillis(200));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), heard);
        assertEquals(Optional.of(true), client.recovered("chat:lobby"));
        assertEquals(Optional.of(new Position("e1", 5)), client.position("chat:lobby"));
    }

    @Test
    void unrecoveredRoomTakesTheServersPositionAndSaysWhy() {
        ScriptedServer.Connection first = connected("ws_1", "lobby");
        first.send(roomFrame("chat:lobby", "e1", 7));
        awaitHeard(1);

        ScriptedServer.Connection second = reconnected(first, "ws_2");
        second.receive(); // recover
        answerJoin(second, "lobby");
        second.send("{\"type\":\"system_message\",\"data\":{\"event\":\"room_recovery\",\"room\":\"chat:lobby\","
                + "\"recovered\":false,\"reason\":\"epoch_changed\",\"replayed\":0,\"epoch\":\"e2\",\"offset\":3}}");
        second.send(roomFrame("chat:lobby", "e2", 3)); // at the server's position: had been sent before the event
        second.send(roomFrame("chat:lobby", "e2", 4));

        RoomRecovery recovery = events.next("recovery");
        assertFalse(recovery.recovered());
        assertEquals(Optional.of(Protocol.EPOCH_CHANGED), recovery.reason());
        awaitHeard(2);
        Waits.pause(Duration.ofMillis(200));
        assertEquals(List.of(7L, 4L), heard);
        assertEquals(Optional.of(false), client.recovered("chat:lobby"));
        assertEquals(Optional.of(new Position("e2", 4)), client.position("chat:lobby"));
    }

    @Test
    void leftRoomIsNeitherRecoveredNorRemembered() {
        ScriptedServer.Connection first = connected("ws_1", "lobby", "kitchen");
        first.send(roomFrame("chat:lobby", "e1", 1));
        first.send(roomFrame("chat:kitchen", "e1", 1));
        awaitHeard(2);
        client.leaveRoom("kitchen");
        assertEquals(Optional.empty(), client.position("chat:kitchen"));

        ScriptedServer.Connection second = reconnected(first, "ws_2");

        JsonObject recover = json(second.receive()).getJsonObject("data");
        assertEquals(json("{\"chat:lobby\":{\"epoch\":\"e1\",\"offset\":1}}"), recover.getJsonObject("rooms"));
        answerJoin(second, "lobby");
        assertEquals(Optional.empty(), client.recovered("chat:lobby"));
    }
}
