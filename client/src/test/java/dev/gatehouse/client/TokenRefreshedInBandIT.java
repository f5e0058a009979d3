package dev.gatehouse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.client.harness.RecordingListener;
import dev.gatehouse.client.harness.ServerPerTest;
import dev.gatehouse.client.harness.Tokens;
import dev.gatehouse.client.harness.Waits;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A token that expires mid-session, and a token source with a fresh one: auth_refresh in band, the session goes on. */
class TokenRefreshedInBandIT extends ServerPerTest {
    private static final Duration LIFETIME = Duration.ofSeconds(6);

    @Override
    protected GatehouseConfig.Builder configure(GatehouseConfig.Builder c) {
        return c.expiryWarning(Duration.ofSeconds(4));
    }

    @Test
    void freshTokenFromTheSourceIsSentInBandAndTheSessionOutlivesTheFirstToken() {
        String first = Tokens.lasting("alice", LIFETIME);
        String fresh = Tokens.valid("alice");
        AtomicInteger calls = new AtomicInteger();
        RecordingListener events = new RecordingListener();
        GatehouseClient client = GatehouseClient.builder(server.uri()).listener(events)
                .tokenSource(() -> CompletableFuture.completedFuture(calls.getAndIncrement() == 0 ? first : fresh))
                .build();
        try {
            Welcome w = Waits.await(client.connect());
            Instant firstExpiry = w.tokenExpiresAt().orElseThrow();
            events.next("expiring");
            Instant refreshed = events.next("refreshed");
            assertTrue(refreshed.isAfter(Instant.now().plus(Duration.ofMinutes(50))), refreshed.toString());
            assertEquals(refreshed, client.welcome().orElseThrow().tokenExpiresAt().orElseThrow());

            Waits.until("the first token's exp has passed by 2 s",
                    () -> Instant.now().isAfter(firstExpiry.plusSeconds(2)));
            assertEquals("echo", Waits.await(client.request("echo", null)).type());
            assertEquals(GatehouseClient.State.READY, client.state());
            assertEquals(w.connectionId(), client.welcome().orElseThrow().connectionId());
            assertEquals(0, events.of("close").size());
            assertEquals(1, server.handshakes());
            assertEquals(2, calls.get()); // before the connect, and on session_expiring
        } finally {
            Waits.await(client.close());
        }
    }

    @Test
    void refreshRefusedIsReportedAndTheSessionKeepsItsExpiry() {
        String first = Tokens.lasting("alice", LIFETIME);
        String someoneElses = Tokens.valid("mallory");
        AtomicInteger calls = new AtomicInteger();
        RecordingListener events = new RecordingListener();
        GatehouseClient client = GatehouseClient.builder(server.uri()).listener(events)
                .tokenSource(() -> CompletableFuture.completedFuture(calls.getAndIncrement() == 0 ? first : someoneElses))
                .build();
        try {
            Instant expiry = Waits.await(client.connect()).tokenExpiresAt().orElseThrow();
            events.next("expiring");
            ErrorReply refused = events.next("error");
            assertEquals(Protocol.INVALID_TOKEN, refused.errorCode());
            assertEquals(expiry, client.welcome().orElseThrow().tokenExpiresAt().orElseThrow());
            assertEquals(0, events.of("refreshed").size());
        } finally {
            Waits.await(client.close());
        }
    }
}
