package dev.gatehouse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.client.harness.RecordingListener;
import dev.gatehouse.client.harness.Tokens;
import dev.gatehouse.client.harness.Waits;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Nothing listens: no HTTP status to read. A server that is down is no token failure, unless the token's exp has passed. */
class UnreachableServerIT {
    private URI nowhere;

    @BeforeEach
    void freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nowhere = URI.create("ws://127.0.0.1:" + s.getLocalPort() + "/ws");
        }
    }

    @Test
    void serverThatIsDownIsRetriedWithBackoff() {
        RecordingListener events = new RecordingListener();
        GatehouseClient client = GatehouseClient.builder(nowhere).token(Tokens.valid("alice")).listener(events)
                .reconnect(ReconnectPolicy.backoff(Duration.ofMillis(20), Duration.ofMillis(100))).build();
        client.connect();
        events.next("reconnecting");
        events.next("reconnecting");
        events.next("reconnecting");
        CloseStatus status = events.next("close");
        assertEquals(1006, status.code());
        assertTrue(status.willReconnect());
        assertEquals(GatehouseClient.State.RECONNECTING, client.state());
        assertEquals(0, events.of("stopped").size());
        Waits.await(client.close());
        assertInstanceOf(ClientStoppedException.class, Waits.failure(client.connect()));
    }

    @Test
    void tokenWhoseExpHasPassedStopsTheClient() {
        RecordingListener events = new RecordingListener();
        GatehouseClient client = GatehouseClient.builder(nowhere).token(Tokens.lasting("alice", Duration.ofMinutes(-1)))
                .listener(events).reconnect(ReconnectPolicy.backoff(Duration.ofMillis(20), Duration.ofMillis(100)))
                .build();
        assertInstanceOf(ClientStoppedException.class, Waits.failure(client.connect()));
        String stopped = events.next("stopped");
        assertTrue(stopped.startsWith(Protocol.TOKEN_EXPIRED), stopped);
        assertEquals(0, events.of("reconnecting").size());
    }
}
