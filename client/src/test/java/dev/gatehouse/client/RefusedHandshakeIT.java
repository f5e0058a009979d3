package dev.gatehouse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.client.harness.RecordingListener;
import dev.gatehouse.client.harness.ServerPerTest;
import dev.gatehouse.client.harness.Tokens;
import dev.gatehouse.client.harness.Waits;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A refused handshake is a token failure: one handshake per distinct token offered, then stopped. */
class RefusedHandshakeIT extends ServerPerTest {
    @Test
    void expiredFixedTokenStopsAfterOneHandshake() {
        RecordingListener events = new RecordingListener();
        GatehouseClient client = GatehouseClient.builder(server.uri()).token(Tokens.lasting("alice", Duration.ofMinutes(-5)))
                .listener(events).build();
        ClientStoppedException e = assertInstanceOf(ClientStoppedException.class, Waits.failure(client.connect()));
        assertTrue(e.getMessage().startsWith(Protocol.TOKEN_EXPIRED), e.getMessage());
        CloseStatus status = events.next("close");
        assertEquals(Protocol.TOKEN_EXPIRED, status.reason());
        assertEquals(false, status.willReconnect());
        assertEquals(e.getMessage(), events.next("stopped"));
        Waits.pause(Duration.ofSeconds(1));
        assertEquals(1, server.handshakes("refused"));
        assertEquals(0, server.handshakes("accepted"));
        assertEquals(GatehouseClient.State.CLOSED, client.state());
    }

    @Test
    void sourceOfferingOnlyDeadTokensGetsOneHandshakePerDistinctToken() {
        String expired = Tokens.lasting("alice", Duration.ofMinutes(-5));
        String wronglySigned = Tokens.wronglySigned("alice");
        Iterator<String> offered = List.of(expired, wronglySigned, wronglySigned, expired, wronglySigned).iterator();
        RecordingListener events = new RecordingListener();
        GatehouseClient client = GatehouseClient.builder(server.uri()).listener(events)
                .reconnect(ReconnectPolicy.backoff(Duration.ofMillis(20), Duration.ofMillis(100)))
                .tokenSource(() -> CompletableFuture.completedFuture(
                        offered.hasNext() ? offered.next() : wronglySigned))
                .build();
        assertInstanceOf(ClientStoppedException.class, Waits.failure(client.connect()));
        String stopped = events.next("stopped");
        assertTrue(stopped.startsWith(Protocol.INVALID_TOKEN), stopped);
        assertEquals(List.of(Protocol.TOKEN_EXPIRED, Protocol.INVALID_TOKEN),
                events.of("close").stream().map(c -> ((CloseStatus) c.value()).reason()).toList());
        Waits.pause(Duration.ofSeconds(1));
        assertEquals(2, server.handshakes("refused"));
        assertEquals(1, events.of("reconnecting").size());
    }

    @Test
    void sourceThatFindsAValidTokenAfterARefusalConnects() {
        Iterator<String> offered = List.of(Tokens.wronglySigned("alice"), Tokens.valid("alice")).iterator();
        GatehouseClient client = GatehouseClient.builder(server.uri())
                .reconnect(ReconnectPolicy.backoff(Duration.ofMillis(20), Duration.ofMillis(100)))
                .tokenSource(() -> CompletableFuture.completedFuture(offered.next()))
                .build();
        try {
            assertEquals("alice", Waits.await(client.connect()).userId());
            assertEquals(1, server.handshakes("refused"));
            assertEquals(1, server.handshakes("accepted"));
        } finally {
            Waits.await(client.close());
        }
    }
}
