package dev.gatehouse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.client.harness.RecordingListener;
import dev.gatehouse.client.harness.SilenceProxy;
import dev.gatehouse.client.harness.TestGatehouse;
import dev.gatehouse.client.harness.Tokens;
import dev.gatehouse.client.harness.Waits;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A server that goes silent (a proxy drops its bytes, the socket stays open) is found dead by the heartbeat. */
class HeartbeatSilenceIT {
    private TestGatehouse server;
    private SilenceProxy proxy;

    @BeforeEach
    void start() throws IOException {
        server = TestGatehouse.start(c -> c.heartbeatInterval(Duration.ofSeconds(1)).heartbeatTimeout(Duration.ofSeconds(1)));
        proxy = new SilenceProxy(server.port());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        server.close();
    }

    @Test
    void silentServerIsDroppedAndTheClientReconnects() {
        RecordingListener events = new RecordingListener();
        GatehouseClient client = GatehouseClient.builder(proxy.uri()).token(Tokens.valid("alice")).listener(events)
                .heartbeatMargin(Duration.ofSeconds(2))
                .reconnect(ReconnectPolicy.backoff(Duration.ofMillis(50), Duration.ofMillis(500))).build();
        try {
            Welcome first = Waits.await(client.connect());
            assertEquals(Duration.ofSeconds(1), first.heartbeatInterval());
            Waits.until("a pong arrived", () -> events.of("frame").stream()
                    .anyMatch(e -> ((Frame) e.value()).type().equals(Protocol.PONG)));

            proxy.silenceCurrent();
            CloseStatus dead = events.next("close");
            assertEquals(1006, dead.code());
            assertEquals(Protocol.HEARTBEAT_TIMEOUT, dead.reason());
            assertFalse(dead.remote());
            assertTrue(dead.willReconnect());

            events.next("welcome");
            Welcome second = events.next("welcome");
            assertNotEquals(first.connectionId(), second.connectionId());
            assertEquals("echo", Waits.await(client.request("echo", null)).type());
            assertEquals(2, proxy.accepted());
        } finally {
            Waits.await(client.close());
        }
    }
}
