package dev.gatehouse.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The heartbeat and the idle timeout, walked over every live connection by one task. */
class HousekeeperTest {
    private static final long INTERVAL = 25_000;
    private static final long TIMEOUT = 10_000;
    private final ConnectionFixture fixture = new ConnectionFixture();
    private final RecordingTransport transport = RecordingTransport.completing();

    @Test
    void pingsAQuietReadyConnectionAfterTheInterval() {
        ManagedConnection c = fixture.ready(transport);
        Housekeeper housekeeper = heartbeat(List.of(c), 0);
        advance(INTERVAL - 1);
        housekeeper.run();
        assertEquals(List.of("connection_established"), transport.summary());
        advance(1);
        housekeeper.run();
        housekeeper.run();
        assertEquals(List.of("connection_established", "ping"), transport.summary(), "one ping until it is answered");
    }

    @Test
    void unansweredPingClosesWithHeartbeatTimeout() {
        ManagedConnection c = fixture.ready(transport);
        Housekeeper housekeeper = heartbeat(List.of(c), 0);
        advance(INTERVAL);
        housekeeper.run();
        advance(TIMEOUT - 1);
        housekeeper.run();
        assertEquals(List.of("connection_established", "ping"), transport.summary());
        advance(1);
        housekeeper.run();
        assertEquals(List.of("connection_established", "ping", "close 1000 HEARTBEAT_TIMEOUT"), transport.summary());
    }

    @Test
    void answeredPingKeepsTheConnectionAndTheNextPingWaitsAnInterval() {
        ManagedConnection c = fixture.ready(transport);
        Housekeeper housekeeper = heartbeat(List.of(c), 0);
        advance(INTERVAL);
        housekeeper.run();
        advance(1000);
        c.onPong();
        advance(INTERVAL - 1);
        housekeeper.run();
        assertEquals(List.of("connection_established", "ping"), transport.summary());
        advance(1);
        housekeeper.run();
        assertEquals(List.of("connection_established", "ping", "ping"), transport.summary());
    }

    @Test
    void connectionSendingNoFrameClosesWithIdleTimeoutEvenWhileAnsweringPings() {
        ManagedConnection c = fixture.ready(transport);
        Housekeeper housekeeper = heartbeat(List.of(c), 60_000);
        advance(30_000);
        c.onText("{\"type\":\"x\"}");
        for (int i = 0; i < 59; i++) { // to 89 s: 59 s since the frame, pongs all along
            advance(1000);
            c.onPong();
            housekeeper.run();
        }
        assertEquals(List.of(), transport.summary().stream().filter(s -> s.startsWith("close")).toList());
        advance(1000);
        housekeeper.run();
        assertEquals("close 1000 IDLE_TIMEOUT", transport.summary().get(transport.summary().size() - 1));
    }

    @Test
    void connectionsNotReadyAreLeftAlone() {
        ManagedConnection opening = fixture.connection(transport);
        opening.opened();
        RecordingTransport closingTransport = RecordingTransport.completing();
        ManagedConnection closing = fixture.ready(closingTransport);
        closing.close(1000, "BYE");
        Housekeeper housekeeper = heartbeat(List.of(opening, closing), 60_000);
        advance(3_600_000);
        housekeeper.run();
        assertEquals(List.of(), transport.calls());
        assertEquals(List.of("connection_established", "close 1000 BYE"), closingTransport.summary());
    }

    @Test
    void aTransportThatThrowsOnPingDoesNotStopTheOthers() {
        RecordingTransport throwing = new RecordingTransport() {
            @Override
            public void sendPing() {
                throw new IllegalStateException("broken session");
            }
        };
        throwing.completeAll();
        ManagedConnection broken = fixture.ready(throwing);
        throwing.completeAll();
        ManagedConnection fine = fixture.ready(transport);
        Housekeeper housekeeper = heartbeat(List.of(broken, fine), 0);
        advance(INTERVAL);
        housekeeper.run();
        assertEquals(List.of("connection_established", "ping"), transport.summary());
        advance(TIMEOUT);
        housekeeper.run();
        assertEquals("close 1000 HEARTBEAT_TIMEOUT", throwing.summary().get(1), "its ping counts as sent");
    }

    private Housekeeper heartbeat(List<ManagedConnection> connections, long idleMillis) {
        return new Housekeeper(connections, fixture.clock, INTERVAL, TIMEOUT, idleMillis);
    }

    private void advance(long millis) {
        fixture.clock.advance(Duration.ofMillis(millis));
    }
}
