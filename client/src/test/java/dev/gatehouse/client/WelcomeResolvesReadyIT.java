package dev.gatehouse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.client.harness.RecordingListener;
import dev.gatehouse.client.harness.ServerPerClass;
import dev.gatehouse.client.harness.Tokens;
import dev.gatehouse.client.harness.Waits;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WelcomeResolvesReadyIT extends ServerPerClass {
    @Test
    void welcomeResolvesConnectAndReadyWithItsFields() {
        RecordingListener events = new RecordingListener();
        GatehouseClient client = GatehouseClient.builder(server.uri()).token(Tokens.valid("alice"))
                .listener(events).build();
        assertEquals(GatehouseClient.State.CONNECTING, client.state());
        try {
            Welcome w = Waits.await(client.connect());

            assertTrue(w.connectionId().startsWith("ws_"), w.connectionId());
            assertEquals("alice", w.userId());
            assertTrue(w.tokenExpiresAt().orElseThrow().isAfter(Instant.now().plus(Duration.ofMinutes(50))));
            assertEquals(Duration.ofSeconds(25), w.heartbeatInterval());
            assertEquals(65536, w.maxMessageSizeBytes());
            assertEquals(1, w.protocolVersion());
            assertTrue(Duration.between(w.serverTime(), Instant.now()).abs().compareTo(Duration.ofMinutes(1)) < 0);
            assertEquals(Protocol.CONNECTION_ESTABLISHED, w.data().getString("event"));
            assertEquals(w, Waits.await(client.ready()));
            assertEquals(w, client.welcome().orElseThrow());
            assertEquals(GatehouseClient.State.READY, client.state());
            assertEquals(w, events.next("welcome"));
            Frame first = events.next("frame");
            assertEquals(Protocol.SYSTEM_MESSAGE, first.type());
        } finally {
            Waits.await(client.close());
        }
    }

    @Test
    void tokenInTheAuthorizationHeaderIsAcceptedToo() {
        GatehouseClient client = GatehouseClient.builder(server.uri()).token(Tokens.valid("bob"))
                .tokenInHeader(true).build();
        try {
            assertEquals("bob", Waits.await(client.connect()).userId());
        } finally {
            Waits.await(client.close());
        }
    }

    @Test
    void listenerCallsComeInOrderOnOneThreadThatIsNotTheCallers() {
        RecordingListener events = new RecordingListener();
        GatehouseClient client = GatehouseClient.builder(server.uri()).token(Tokens.valid("carol"))
                .listener(events).build();
        Waits.await(client.connect());
        Waits.await(client.request("echo", null));
        Waits.await(client.close());
        events.next("close");
        var threads = events.all().stream().map(RecordingListener.Event::thread).distinct().toList();
        assertEquals(1, threads.size(), threads.toString());
        assertTrue(threads.get(0).startsWith("gatehouse-client-"), threads.toString());
        assertEquals("frame", events.all().get(0).kind());
        assertEquals("welcome", events.all().get(1).kind());
    }
}
