package dev.gatehouse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.client.harness.RecordingListener;
import dev.gatehouse.client.harness.ServerPerTest;
import dev.gatehouse.client.harness.Tokens;
import dev.gatehouse.client.harness.Waits;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A token that expires mid-session with no fresh one: closed 1008 TOKEN_EXPIRED, and the client stops instead of looping. */
class ExpiredSessionStopsIT extends ServerPerTest {
    private static final Duration LIFETIME = Duration.ofSeconds(6);

    @Override
    protected GatehouseConfig.Builder configure(GatehouseConfig.Builder c) {
        // No clock skew: the server closes at exp itself, not 30 s after it.
        return c.expiryWarning(Duration.ofSeconds(4)).clockSkew(Duration.ZERO);
    }

    @Test
    void withoutAFreshTokenTheSessionClosesWithTokenExpiredAndTheClientStops() {
        String only = Tokens.lasting("alice", LIFETIME);
        AtomicInteger calls = new AtomicInteger();
        RecordingListener events = new RecordingListener();
        GatehouseClient client = GatehouseClient.builder(server.uri()).listener(events)
                .reconnect(ReconnectPolicy.backoff(Duration.ofMillis(50), Duration.ofMillis(200)))
                .tokenSource(() -> {
                    calls.incrementAndGet();
                    return CompletableFuture.completedFuture(only);
                })
                .build();
        Waits.await(client.connect());
        events.next("expiring");
        CloseStatus closed = events.next("close");
        assertEquals(1008, closed.code());
        assertEquals(Protocol.TOKEN_EXPIRED, closed.reason());
        assertTrue(closed.remote());
        assertEquals(false, closed.willReconnect());
        String stopped = events.next("stopped");
        assertTrue(stopped.startsWith(Protocol.TOKEN_EXPIRED), stopped);
        assertEquals(GatehouseClient.State.CLOSED, client.state());

        Waits.pause(Duration.ofSeconds(1)); // time for a reconnect that must not happen
        assertEquals(1, server.handshakes());
        assertEquals(0, events.of("reconnecting").size());
        assertEquals(3, calls.get()); // before the connect, on session_expiring, after the close
    }

    @Test
    void fixedTokenIsNotRefreshedAndStopsAtItsExpiry() {
        RecordingListener events = new RecordingListener();
        GatehouseClient client = GatehouseClient.builder(server.uri()).listener(events)
                .token(Tokens.lasting("alice", LIFETIME)).build();
        Waits.await(client.connect());
        events.next("expiring");
        assertEquals(1008, events.<CloseStatus>next("close").code());
        events.next("stopped");
        assertEquals(0, events.of("refreshed").size());
        assertEquals(1, server.handshakes());
    }
}
