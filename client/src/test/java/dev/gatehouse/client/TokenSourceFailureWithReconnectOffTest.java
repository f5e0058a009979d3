package dev.gatehouse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatehouse.client.harness.RecordingListener;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Regression: with {@code ReconnectPolicy.none()} a token source that fails before the first
 * handshake stopped nothing; the client backed off and asked again, for ever.
 */
class TokenSourceFailureWithReconnectOffTest {

    @Test
    void failingTokenSourceStopsClientThatDoesNotReconnect() {
        RecordingListener events = new RecordingListener();
        GatehouseClient client = GatehouseClient.builder(URI.create("ws://127.0.0.1:9/ws"))
                .tokenSource(() -> CompletableFuture.failedFuture(new IllegalStateException("no session")))
                .listener(events).reconnect(ReconnectPolicy.none()).build();

        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> client.connect().get(5, TimeUnit.SECONDS));

        assertInstanceOf(ClientStoppedException.class, failed.getCause());
        assertEquals("the token source failed and reconnecting is off", events.next("stopped"));
        CloseStatus status = events.next("close");
        assertEquals(Protocol.ABNORMAL, status.code());
        assertFalse(status.willReconnect());
        assertFalse(status.remote());
        assertEquals(0, events.of("reconnecting").size());
        assertEquals(GatehouseClient.State.CLOSED, client.state());
    }

    @Test
    void failingTokenSourceIsAskedAgainWhenReconnecting() {
        RecordingListener events = new RecordingListener();
        GatehouseClient client = GatehouseClient.builder(URI.create("ws://127.0.0.1:9/ws"))
                .tokenSource(() -> CompletableFuture.failedFuture(new IllegalStateException("no session")))
                .listener(events).reconnect(ReconnectPolicy.backoff(Duration.ofMillis(10), Duration.ofMillis(20)))
                .build();
        client.connect();

        events.next("reconnecting");
        events.next("reconnecting");
        assertEquals(GatehouseClient.State.RECONNECTING, client.state());
        assertEquals(0, events.of("stopped").size());
        client.close().join();
    }
}
