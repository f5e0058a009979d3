package dev.gatehouse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.client.harness.RecordingListener;
import dev.gatehouse.client.harness.ServerPerTest;
import dev.gatehouse.client.harness.Tokens;
import dev.gatehouse.client.harness.Waits;
import jakarta.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A server that shuts down (1001) and comes back on the same port: the client reconnects and re-joins its rooms. */
class ServerRestartIT extends ServerPerTest {
    @Test
    void clientReconnectsToTheRestartedServerAndIsInItsRoomsAgain() {
        RecordingListener events = new RecordingListener();
        GatehouseClient alice = GatehouseClient.builder(server.uri()).token(Tokens.valid("alice")).listener(events)
                .reconnect(ReconnectPolicy.backoff(Duration.ofMillis(100), Duration.ofSeconds(1))).build();
        List<String> heard = new CopyOnWriteArrayList<>();
        alice.on("chat.message", f -> heard.add(f.data().getString("text")));
        GatehouseClient bob = null;
        try {
            Welcome first = Waits.await(alice.connect());
            assertEquals(1, Waits.await(alice.joinRoom("lobby")).data().getInt("members"));
            assertEquals(Set.of("lobby"), alice.rooms());

            server.stop();
            CloseStatus shutdown = events.next("close");
            assertEquals(1001, shutdown.code());
            assertEquals(Protocol.SERVER_SHUTDOWN, shutdown.reason());
            assertTrue(shutdown.willReconnect());
            Duration firstDelay = events.next("reconnecting");
            assertTrue(firstDelay.compareTo(Duration.ofMillis(100)) <= 0, "first attempt within the minimum: " + firstDelay);
            alice.send("chat.send", Json.createObjectBuilder().add("room", "lobby").add("text", "while away").build());
            assertEquals(GatehouseClient.State.RECONNECTING, alice.state());
            server.restart();

            Welcome second = events.next("welcome");
            second = events.next("welcome");
            assertNotEquals(first.connectionId(), second.connectionId());
            assertEquals(second, Waits.await(alice.ready()));
            Waits.until("alice is in chat:lobby again",
                    () -> server.server().gatehouse().connections().inRoom("chat:lobby").size() == 1);
            // held during the outage, sent after the re-join: so it reaches the room, alice included
            Waits.until("alice hears her own held message", () -> heard.contains("while away"));

            bob = GatehouseClient.builder(server.uri()).token(Tokens.valid("bob")).build();
            Waits.await(bob.connect());
            assertEquals(2, Waits.await(bob.joinRoom("lobby")).data().getInt("members"));
            PresenceEvent joined = events.next("joined");
            assertEquals("chat:lobby", joined.room());
            assertEquals("bob", joined.userId());
            bob.send("chat.send", Json.createObjectBuilder().add("room", "lobby").add("text", "hi").build());
            Waits.until("alice hears bob", () -> heard.contains("hi"));
            assertEquals(List.of("while away", "hi"), heard);
            assertEquals(0, events.of("error").size());
        } finally {
            Waits.await(alice.close());
            if (bob != null) {
                Waits.await(bob.close());
            }
        }
    }
}
