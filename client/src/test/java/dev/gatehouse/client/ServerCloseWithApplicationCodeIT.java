package dev.gatehouse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.client.harness.Policies;
import dev.gatehouse.client.harness.RecordingListener;
import dev.gatehouse.client.harness.ServerPerClass;
import dev.gatehouse.client.harness.Tokens;
import dev.gatehouse.client.harness.Waits;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The server's application closes a user's connections (logout, revocation): the client stays closed unless told otherwise. */
class ServerCloseWithApplicationCodeIT extends ServerPerClass {
    private static GatehouseClient.Builder client(String user, RecordingListener events) {
        return GatehouseClient.builder(server.uri()).token(Tokens.valid(user)).listener(events);
    }

    @Test
    void applicationCodeStopsTheClient() {
        RecordingListener events = new RecordingListener();
        GatehouseClient client = client("logout-user", events).build();
        Waits.await(client.connect());
        long before = server.handshakes();

        server.server().gatehouse().connections().disconnectUser("logout-user", 4001, "LOGGED_OUT");
        CloseStatus status = events.next("close");
        assertEquals(4001, status.code());
        assertEquals("LOGGED_OUT", status.reason());
        assertTrue(status.remote());
        assertFalse(status.willReconnect());
        assertEquals("LOGGED_OUT: closed by the server (4001)", events.next("stopped"));
        assertEquals(GatehouseClient.State.CLOSED, client.state());
        Waits.pause(Duration.ofMillis(500));
        assertEquals(before, server.handshakes());
    }

    @Test
    void policyCanReconnectAfterAnApplicationCode() {
        RecordingListener events = new RecordingListener();
        ReconnectPolicy afterMoved = Policies.backoffReconnectingAfter(Duration.ofMillis(50), Duration.ofMillis(200),
                (code, reason) -> "MOVED".equals(reason));
        GatehouseClient client = client("moved-user", events).reconnect(afterMoved).build();
        try {
            Welcome first = Waits.await(client.connect());
            server.server().gatehouse().connections().disconnectUser("moved-user", 4002, "MOVED");
            assertTrue(events.<CloseStatus>next("close").willReconnect());
            events.next("welcome");
            Welcome second = events.next("welcome");
            assertEquals(first.userId(), second.userId());
            assertEquals(0, events.of("stopped").size());
        } finally {
            Waits.await(client.close());
        }
    }

    @Test
    void revokedTokenIsATokenFailure() {
        RecordingListener events = new RecordingListener();
        GatehouseClient client = client("revoked-user", events).build();
        Waits.await(client.connect());
        server.server().gatehouse().connections().disconnectUser("revoked-user", 1008, "TOKEN_REVOKED");
        assertEquals("TOKEN_REVOKED", events.<CloseStatus>next("close").reason());
        assertEquals("TOKEN_REVOKED: the token was refused and is fixed", events.next("stopped"));
    }
}
