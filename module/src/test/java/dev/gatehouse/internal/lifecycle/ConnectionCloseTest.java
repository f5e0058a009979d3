package dev.gatehouse.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatehouse.ConnectionState;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How a connection closes: the application's codes, the frame guard's close, the drop hook and slow consumers. */
class ConnectionCloseTest {
    private final ConnectionFixture fixture = new ConnectionFixture();
    private final RecordingTransport transport = RecordingTransport.completing();

    @ParameterizedTest
    @ValueSource(ints = {1011, 1002, 1006, 1009, 2999, 5000, 0, -1})
    void applicationCloseRefusesTheProtocolsOwnCodes(int code) {
        ManagedConnection c = fixture.ready(transport);
        assertThrows(IllegalArgumentException.class, () -> c.close(code, "BYE"));
        assertEquals(ConnectionState.READY, c.state());
        assertEquals(List.of("connection_established"), transport.summary());
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1008, 1013, 3000, 4999})
    void applicationCloseAcceptsItsCodes(int code) {
        ManagedConnection c = fixture.ready(transport);
        c.close(code, "BYE");
        assertEquals(List.of("connection_established", "close " + code + " BYE"), transport.summary());
        assertEquals(ConnectionState.CLOSING, c.state());
    }

    @Test
    void closeReasonOver123Utf8BytesIsRefusedAndOneOf123IsTaken() {
        ManagedConnection c = fixture.ready(transport);
        assertThrows(IllegalArgumentException.class, () -> c.close(1000, "é".repeat(62)), "62 characters, 124 bytes");
        assertThrows(IllegalArgumentException.class, () -> c.close(1000, null));
        c.close(1000, "€".repeat(41)); // 41 characters, 123 bytes
        assertEquals(ConnectionState.CLOSING, c.state());
    }

    @Test
    void closeGoesOutBehindTheQueuedFramesAndLaterSendsAreRefused() {
        RecordingTransport slow = new RecordingTransport();
        ManagedConnection c = fixture.ready(slow);
        c.send("a", null);
        c.close(1000, "BYE");
        assertFalse(c.send("late", null));
        slow.completeAll();
        assertEquals(List.of("connection_established", "a", "close 1000 BYE"), slow.summary());
    }

    @Test
    void frameOverMaxMessageSizeClosesWith1009AfterAnErrorFrame() {
        ConnectionFixture small = new ConnectionFixture().maxMessageSize(256);
        ManagedConnection c = small.ready(transport);
        c.onText("x".repeat(256));
        c.onText("x".repeat(257));
        assertEquals(List.of("x".repeat(256)), small.inbound.texts());
        assertEquals(List.of("connection_established", "error MESSAGE_TOO_LARGE", "close 1009 MESSAGE_TOO_LARGE"),
                transport.summary());
    }

    @Test
    void messageSizeCountsUtf8BytesNotCharacters() {
        ConnectionFixture small = new ConnectionFixture().maxMessageSize(256);
        ManagedConnection c = small.ready(transport);
        c.onText("€".repeat(86)); // 86 characters, 258 bytes
        assertEquals(List.of(), small.inbound.texts());
        assertEquals("close 1009 MESSAGE_TOO_LARGE", transport.summary().get(2));
    }

    @Test
    void closedBelowWritesNothingMoreAndListenersHearThatClose() {
        ManagedConnection c = fixture.ready(transport);
        c.closedBelow(1002, "PROTOCOL_ERROR");
        assertFalse(c.send("late", null));
        c.onClosed(1006, "");
        fixture.executor.runAll();
        assertEquals(List.of("connection_established"), transport.summary(), "the layer below already sent the close");
        assertEquals(List.of("READY->CLOSING", "CLOSING->CLOSED", "closed 1002 PROTOCOL_ERROR"),
                fixture.listener.events().subList(3, 6));
    }

    @Test
    void dropHookRunsTheCloseGraceAfterACloseGatehouseStarted() {
        AtomicInteger drops = new AtomicInteger();
        ConnectionFixture f = new ConnectionFixture().closeGraceMillis(2000);
        ManagedConnection c = f.ready(transport);
        c.dropWith(drops::incrementAndGet);
        c.close(1000, "BYE");
        f.timer.advance(1999);
        assertEquals(0, drops.get());
        f.timer.advance(1);
        assertEquals(1, drops.get());
    }

    @Test
    void clientsOwnCloseSchedulesNoDrop() {
        AtomicInteger drops = new AtomicInteger();
        ManagedConnection c = fixture.ready(transport);
        c.dropWith(drops::incrementAndGet);
        c.onClosed(1000, "bye");
        fixture.timer.advance(3_600_000);
        assertEquals(0, drops.get());
        assertEquals(0, fixture.timer.pending());
    }

    @Test
    void writeThatFailsBecauseTheClientWentAwayIsAnOrdinaryCloseAsTheContainerReportsIt() {
        RecordingTransport failing = new RecordingTransport();
        ManagedConnection c = fixture.ready(failing);
        c.send("a", null);
        failing.complete(new IOException("Broken pipe"));
        assertEquals(List.of("connection_established", "close 1001 "), failing.summary());
        assertFalse(c.send("late", null));
        c.onClosed(1006, "Closed abnormally.");
        fixture.executor.runAll();
        assertEquals("closed 1006 Closed abnormally.", last(fixture.listener.events()));
    }

    @Test
    void writeThatFailsAfterTheContainerReportedTheCloseChangesNothing() {
        RecordingTransport failing = new RecordingTransport();
        ManagedConnection c = fixture.ready(failing);
        c.send("a", null);
        c.onClosed(1006, "Closed abnormally.");
        failing.complete(new IllegalStateException("Connection is not open."));
        fixture.executor.runAll();
        assertEquals(List.of("connection_established"), failing.summary(), "nothing more is written or closed");
        assertEquals("closed 1006 Closed abnormally.", last(fixture.listener.events()));
        assertEquals(ConnectionState.CLOSED, c.state());
    }

    @Test
    void transportThatThrowsOnWriteClosesWithSlowConsumer() {
        RecordingTransport throwing = new RecordingTransport() {
            @Override
            public void sendText(String text, java.util.function.Consumer<Throwable> done) {
                super.sendText(text, done);
                throw new IllegalStateException("session closed");
            }
        };
        ManagedConnection c = fixture.ready(throwing);
        assertEquals(List.of("connection_established", "close 1013 SLOW_CONSUMER"), throwing.summary());
        assertEquals(ConnectionState.CLOSING, c.state());
    }

    @Test
    void clientThatStopsReadingIsClosedWithSlowConsumerWhenItsQueueIsFull() {
        RecordingTransport stalled = new RecordingTransport();
        ManagedConnection c = new ConnectionFixture().sendQueueLimit(2).ready(stalled); // the welcome stays in flight
        c.send("a", null);
        c.send("b", null);
        assertFalse(c.send("c", null));
        assertEquals(List.of("connection_established", "close 1013 SLOW_CONSUMER"), stalled.summary());
    }

    @Test
    void sendAfterTheClientClosedIsRefusedAndWritesNothing() {
        ManagedConnection c = fixture.ready(transport);
        c.onClosed(1000, "bye");
        assertFalse(c.send("late", null), "Connection.send: false once the connection is closing");
        c.onBinary();
        assertEquals(List.of("connection_established"), transport.summary());
    }

    @Test
    void dropHookGivenAfterTheCloseStartedStillDropsTheSocket() {
        AtomicInteger drops = new AtomicInteger();
        ManagedConnection c = fixture.connection(transport);
        c.closeWithError(dev.gatehouse.ErrorCode.CONNECTION_LIMIT, "full"); // as the runtime's open does, before the adapter's hook
        c.dropWith(drops::incrementAndGet);
        fixture.timer.advance(2000);
        assertEquals(1, drops.get());
    }

    private static String last(List<String> events) {
        return events.get(events.size() - 1);
    }
}
