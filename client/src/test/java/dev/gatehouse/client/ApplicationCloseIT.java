package dev.gatehouse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatehouse.client.harness.RecordingListener;
import dev.gatehouse.client.harness.ServerPerClass;
import dev.gatehouse.client.harness.Tokens;
import dev.gatehouse.client.harness.Waits;
import jakarta.json.Json;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** close() ends the session for good: no reconnect, pending requests fail, later sends are misuse. */
class ApplicationCloseIT extends ServerPerClass {
    @Test
    void closedByTheApplicationStaysClosed() {
        RecordingListener events = new RecordingListener();
        GatehouseClient client = GatehouseClient.builder(server.uri()).token(Tokens.valid("alice")).listener(events)
                .reconnect(ReconnectPolicy.backoff(Duration.ofMillis(20), Duration.ofMillis(100))).build();
        Waits.await(client.connect());
        long before = server.handshakes();
        CompletableFuture<Frame> pending = client.request("slow", Json.createObjectBuilder().add("ms", 3000).build());

        CloseStatus status = Waits.await(client.close());
        assertEquals(1000, status.code());
        assertEquals(false, status.willReconnect());
        assertEquals(GatehouseClient.State.CLOSED, client.state());
        assertInstanceOf(ConnectionClosedException.class, Waits.failure(pending));
        assertEquals(status, events.next("close"));
        assertThrows(IllegalStateException.class, () -> client.send("echo", null));
        assertThrows(IllegalStateException.class, () -> client.request("echo", null));
        assertEquals(status, Waits.await(client.close()));

        Waits.pause(Duration.ofSeconds(1));
        assertEquals(before, server.handshakes());
        assertEquals(0, events.of("reconnecting").size());
        assertEquals(0, events.of("stopped").size());
    }

    @Test
    void closeWithACodeAndReasonSendsThem() {
        GatehouseClient client = GatehouseClient.builder(server.uri()).token(Tokens.valid("alice")).build();
        Waits.await(client.connect());
        CloseStatus status = Waits.await(client.close(4001, "LOGGED_OUT"));
        assertEquals(4001, status.code());
        assertEquals("LOGGED_OUT", status.reason());
    }

    @Test
    void closeBeforeConnectFailsTheConnect() {
        GatehouseClient client = GatehouseClient.builder(server.uri()).token(Tokens.valid("alice")).build();
        Waits.await(client.close());
        assertInstanceOf(ClientStoppedException.class, Waits.failure(client.connect()));
    }
}
