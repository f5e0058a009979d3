package dev.gatehouse.internal.lifecycle;

import static dev.gatehouse.internal.lifecycle.ConnectionFixture.START;
import static dev.gatehouse.internal.lifecycle.ConnectionFixture.token;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A session's expiry (PROTOCOL.md §3.2): the warning ahead of {@code exp}, the close at it, and refreshes. */
class SessionExpiryTest {
    private static final long SECOND = 1000;
    private final ConnectionFixture fixture = new ConnectionFixture().expiryWarning(Duration.ofSeconds(60));
    private final RecordingTransport transport = RecordingTransport.completing();

    @Test
    void warnsAtExpiryMinusTheWarningAndClosesTokenExpiredAtExpiry() {
        ready(START.plusSeconds(300));
        fixture.timer.advance(240 * SECOND - 1);
        assertEquals(List.of("connection_established"), transport.summary());

        fixture.timer.advance(1);
        assertEquals(List.of("connection_established", "session_expiring"), transport.summary());
        var data = Frames.parse(transport.texts().get(1)).getJsonObject("data");
        assertEquals(60, data.getInt("seconds_left"));
        assertEquals("2026-11-22T10:05:00Z", data.getString("expires_at"));

        fixture.timer.advance(60 * SECOND - 1);
        assertEquals(2, transport.calls().size());
        fixture.timer.advance(1);
        assertEquals(List.of("connection_established", "session_expiring", "error TOKEN_EXPIRED",
                "close 1008 TOKEN_EXPIRED"), transport.summary());
    }

    @Test
    void refreshWithALaterTokenMovesTheWarningAndTheClose() {
        ManagedConnection c = ready(START.plusSeconds(300));
        fixture.timer.advance(100 * SECOND);
        c.refreshed(token("alice", START.plusSeconds(900)), null);

        fixture.timer.advance(740 * SECOND - 1); // just before the new warning, long past the old expiry
        assertEquals(List.of("connection_established"), transport.summary());
        fixture.timer.advance(1);
        assertEquals("session_expiring", transport.summary().get(1));
        fixture.timer.advance(60 * SECOND);
        assertEquals("close 1008 TOKEN_EXPIRED", transport.summary().get(3));
    }

    @Test
    void refreshAfterTheWarningCallsOffTheClose() {
        ManagedConnection c = ready(START.plusSeconds(300));
        fixture.timer.advance(250 * SECOND);
        c.refreshed(token("alice", START.plusSeconds(900)), null);
        fixture.timer.advance(550 * SECOND);
        assertEquals(List.of("connection_established", "session_expiring"), transport.summary());
    }

    @Test
    void closeCancelsTheExpiry() {
        ManagedConnection c = ready(START.plusSeconds(300));
        c.onClosed(1000, "bye");
        assertEquals(0, fixture.timer.pending());
        fixture.timer.advance(3600 * SECOND);
        assertEquals(List.of("connection_established"), transport.summary());
    }

    @Test
    void connectionClosedWhileTheWelcomeIsBuiltLeavesNoExpiryTimerBehind() {
        ManagedConnection[] connection = new ManagedConnection[1];
        fixture.framesClock(new HookedClock(START, () -> connection[0].onClosed(1006, ""))); // the client is gone meanwhile
        connection[0] = fixture.connection(transport, token("alice", START.plusSeconds(3600)));
        fixture.ready(connection[0]);
        assertEquals(0, fixture.timer.pending(), "nothing holds the closed connection until its token expires");
    }

    @Test
    void noWarningWhenTheWarningIsZero() {
        ConnectionFixture quiet = new ConnectionFixture().expiryWarning(Duration.ZERO);
        quiet.ready(quiet.connection(transport, token("alice", START.plusSeconds(300))));
        quiet.timer.advance(300 * SECOND);
        assertEquals(List.of("connection_established", "error TOKEN_EXPIRED", "close 1008 TOKEN_EXPIRED"),
                transport.summary());
    }

    @Test
    void tokenExpiringWithinTheWarningIsWarnedAtOnceAndClosedAtItsExpiry() {
        ready(START.plusSeconds(30));
        fixture.timer.advance(0);
        assertEquals(List.of("connection_established", "session_expiring"), transport.summary());
        assertEquals(30, Frames.parse(transport.texts().get(1)).getJsonObject("data").getInt("seconds_left"));
        fixture.timer.advance(30 * SECOND);
        assertEquals("close 1008 TOKEN_EXPIRED", transport.summary().get(3));
    }

    private ManagedConnection ready(Instant expiresAt) {
        return fixture.ready(fixture.connection(transport, token("alice", expiresAt)));
    }
}
