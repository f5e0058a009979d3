package dev.gatehouse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.client.harness.RecordingListener;
import dev.gatehouse.client.harness.ServerPerTest;
import dev.gatehouse.client.harness.Tokens;
import dev.gatehouse.client.harness.Waits;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** After a reconnect the client joins the rooms it remembers, and only those; a refused re-join is reported. */
class RoomsRejoinedIT extends ServerPerTest {
    private RecordingListener events;
    private GatehouseClient client;

    @BeforeEach
    void connect() {
        events = new RecordingListener();
        client = GatehouseClient.builder(server.uri()).token(Tokens.valid("alice")).listener(events)
                .reconnect(ReconnectPolicy.backoff(Duration.ofMillis(100), Duration.ofSeconds(1))).build();
        Waits.await(client.connect());
    }

    @AfterEach
    void close() {
        Waits.await(client.close());
    }

    private int members(String room) {
        return server.server().gatehouse().connections().inRoom("chat:" + room).size();
    }

    private void restartAndAwaitWelcome() {
        events.next("welcome"); // the first
        server.stop();
        events.next("reconnecting");
        server.restart();
        events.next("welcome");
    }

    @Test
    void forgottenRoomIsNotJoinedAgain() {
        Waits.await(client.joinRoom("lobby"));
        Waits.await(client.joinRoom("kitchen"));
        client.leaveRoom("kitchen");
        assertEquals(Set.of("lobby"), client.rooms());

        restartAndAwaitWelcome();
        Waits.until("in lobby again", () -> members("lobby") == 1);
        Waits.await(client.request("echo", null)); // after the re-join on the same connection
        assertEquals(0, members("kitchen"));
    }

    @Test
    void refusedRejoinIsReportedAsAnError() {
        Waits.await(client.joinRoom("lobby"));
        Waits.await(client.joinRoom("kitchen"));
        server.stop();
        events.next("reconnecting");
        server.restart(c -> c.maxRoomsPerConnection(1));

        ErrorReply refused = events.next("error");
        assertEquals(Protocol.ROOM_FORBIDDEN, refused.errorCode());
        assertTrue(refused.replyTo().isPresent());
        Waits.until("in lobby again", () -> members("lobby") == 1);
        assertEquals(0, members("kitchen"));
        assertEquals(GatehouseClient.State.READY, client.state());
    }
}
