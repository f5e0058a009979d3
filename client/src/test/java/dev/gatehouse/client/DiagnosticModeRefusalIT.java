package dev.gatehouse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.client.harness.RecordingListener;
import dev.gatehouse.client.harness.SilenceProxy;
import dev.gatehouse.client.harness.TestGatehouse;
import dev.gatehouse.client.harness.Tokens;
import dev.gatehouse.client.harness.Waits;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server in diagnostic handshake mode accepts, sends the code and closes 1008: the same token failure
 * as a 401. (The server's {@code gatehouse.handshakes} meter does not count diagnostic-mode refusals,
 * so the handshakes are counted as the TCP connections a proxy in front of the server accepted.)
 */
class DiagnosticModeRefusalIT {
    private TestGatehouse server;
    private SilenceProxy proxy;

    @BeforeEach
    void start() throws IOException {
        server = TestGatehouse.start(c -> c.handshakeMode(GatehouseConfig.HandshakeMode.DIAGNOSTIC));
        proxy = new SilenceProxy(server.port());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        server.close();
    }

    @Test
    void refusedTokenIsReportedThenTheClientStopsAfterOneHandshake() {
        RecordingListener events = new RecordingListener();
        GatehouseClient client = GatehouseClient.builder(proxy.uri()).listener(events)
                .token(Tokens.lasting("alice", Duration.ofMinutes(-5))).build();
        assertInstanceOf(ClientStoppedException.class, Waits.failure(client.connect()));
        assertEquals(Protocol.TOKEN_EXPIRED, events.<ErrorReply>next("error").errorCode());
        CloseStatus status = events.next("close");
        assertEquals(1008, status.code());
        assertEquals(Protocol.TOKEN_EXPIRED, status.reason());
        assertTrue(events.<String>next("stopped").startsWith(Protocol.TOKEN_EXPIRED));
        Waits.pause(Duration.ofMillis(500));
        assertEquals(1, proxy.accepted());
    }

    @Test
    void aDifferentTokenFromTheSourceIsTriedOnce() {
        Iterator<String> offered = List.of(Tokens.wronglySigned("alice"), Tokens.valid("alice")).iterator();
        GatehouseClient client = GatehouseClient.builder(proxy.uri())
                .reconnect(ReconnectPolicy.backoff(Duration.ofMillis(20), Duration.ofMillis(100)))
                .tokenSource(() -> CompletableFuture.completedFuture(offered.next())).build();
        try {
            assertEquals("alice", Waits.await(client.connect()).userId());
            assertEquals(2, proxy.accepted());
        } finally {
            Waits.await(client.close());
        }
    }
}
