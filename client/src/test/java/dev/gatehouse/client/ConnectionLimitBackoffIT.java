package dev.gatehouse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.client.harness.RecordingListener;
import dev.gatehouse.client.harness.ServerPerTest;
import dev.gatehouse.client.harness.Tokens;
import dev.gatehouse.client.harness.Waits;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A handshake refused with 429 CONNECTION_LIMIT is no token failure: the client backs off, honouring Retry-After. */
class ConnectionLimitBackoffIT extends ServerPerTest {
    @Override
    protected GatehouseConfig.Builder configure(GatehouseConfig.Builder c) {
        return c.maxConnectionsPerUser(1);
    }

    @Test
    void refusedForTheUsersLimitTheClientWaitsRetryAfterAndGetsInWhenASlotFrees() {
        GatehouseClient first = GatehouseClient.builder(server.uri()).token(Tokens.valid("alice")).build();
        Waits.await(first.connect());
        RecordingListener events = new RecordingListener();
        GatehouseClient second = GatehouseClient.builder(server.uri()).token(Tokens.valid("alice")).listener(events)
                .reconnect(ReconnectPolicy.backoff(Duration.ofMillis(50), Duration.ofMillis(500))).build();
        try {
            var connected = second.connect();
            CloseStatus refused = events.next("close");
            assertEquals(Protocol.CONNECTION_LIMIT, refused.reason());
            assertTrue(refused.willReconnect());
            Duration delay = events.next("reconnecting");
            assertTrue(delay.compareTo(Duration.ofSeconds(5)) >= 0, "Retry-After (5 s) is honoured: " + delay);
            Waits.await(first.close());

            assertEquals("alice", Waits.await(connected).userId());
            assertEquals(1, server.handshakes("refused"));
            assertEquals(0, events.of("stopped").size());
        } finally {
            Waits.await(second.close());
        }
    }
}
