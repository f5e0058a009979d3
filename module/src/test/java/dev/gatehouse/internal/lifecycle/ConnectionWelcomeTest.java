package dev.gatehouse.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ConnectionState;
import dev.gatehouse.internal.metrics.GatehouseMetrics;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The welcome (PROTOCOL.md §3.1): the first frame, sent once, when the connection is ready. */
class ConnectionWelcomeTest {
    private final ConnectionFixture fixture = new ConnectionFixture().maxMessageSize(4096);
    private final RecordingTransport transport = RecordingTransport.completing();

    @Test
    void welcomeIsTheFirstFrameAndCarriesTheConnectionIdUserAndTokenExpiry() {
        ManagedConnection c = fixture.connection(transport);
        c.opened();
        assertTrue(c.send("note", Json.createObjectBuilder().add("n", 1).build()), "a frame sent while OPEN waits");
        assertEquals(List.of(), transport.calls(), "nothing goes out before the welcome");

        c.ready();

        assertEquals(List.of("connection_established", "note"), transport.summary());
        JsonObject data = Frames.parse(transport.texts().get(0)).getJsonObject("data");
        assertEquals(c.id(), data.getString("connection_id"));
        assertEquals("alice", data.getString("user_id"));
        assertEquals("2026-11-22T11:00:00Z", data.getString("token_expires_at"));
        assertEquals(true, data.getBoolean("connection_ready"));
        assertEquals(1, data.getInt("protocol_version"));
        assertEquals(4096, data.getJsonObject("config").getInt("max_message_size_bytes"));
        assertEquals(ConnectionState.READY, c.state());
    }

    @Test
    void welcomeIsSentOnlyOnce() {
        ManagedConnection c = fixture.ready(transport);
        c.ready();
        assertEquals(List.of("connection_established"), transport.summary());
    }

    @Test
    void connectionClosedBeforeItWasReadyGetsNoWelcome() {
        ManagedConnection c = fixture.connection(transport);
        c.opened();
        c.onClosed(1001, "");
        c.ready();
        assertEquals(List.of(), transport.calls());
        assertEquals(ConnectionState.CLOSED, c.state());
    }

    @Test
    void notReadyAnswersServiceUnavailableAndClosesWithoutAWelcome() {
        ManagedConnection c = fixture.connection(transport);
        c.opened();
        c.send("note", null);
        c.notReady(GatehouseMetrics.ReadinessFailure.NOT_READY, "database down");
        c.ready();
        assertEquals(List.of("error SERVICE_UNAVAILABLE", "close 1013 SERVICE_UNAVAILABLE"), transport.summary());
    }

    @Test
    void closeWhileTheWelcomeIsBeingBuiltSendsNoWelcomeAfterTheError() {
        RecordingTransport slow = new RecordingTransport();
        ManagedConnection[] connection = new ManagedConnection[1];
        // The welcome reads the time after the step to READY; a frame too large arrives on the container's thread then.
        fixture.framesClock(new HookedClock(ConnectionFixture.START, () -> connection[0].onText("x".repeat(5000))));
        connection[0] = fixture.connection(slow);
        connection[0].opened();
        connection[0].ready();
        slow.completeAll();
        assertEquals(List.of("error MESSAGE_TOO_LARGE", "close 1009 MESSAGE_TOO_LARGE"), slow.summary());
    }
}
