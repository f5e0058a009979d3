package dev.gatehouse.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Frames a client sends before its welcome are kept, in order and within a bound, and handled after
 * the welcome (PROTOCOL.md §3.1); none overtakes another.
 */
class FramesBeforeTheWelcomeTest {
    private final RecordingTransport transport = RecordingTransport.completing();

    @Test
    void framesBeforeReadyAreDispatchedInOrderAfterTheWelcome() {
        List<String> seen = new ArrayList<>();
        ConnectionFixture fixture = new ConnectionFixture()
                .inbound((c, text) -> seen.add(text + " after " + transport.summary()));
        ManagedConnection c = fixture.connection(transport);
        c.onText("a");
        c.opened();
        c.onText("b");
        assertEquals(List.of(), seen, "nothing is dispatched before READY");

        c.ready();

        assertEquals(List.of("a after [connection_established]", "b after [connection_established]"), seen);
    }

    @Test
    void frameOverTheReadyQueueLimitIsAnsweredRateLimitedNotDropped() {
        ConnectionFixture fixture = new ConnectionFixture().readyQueueLimit(2);
        ManagedConnection c = fixture.connection(transport);
        c.opened();
        c.onText("a");
        c.onText("b");
        c.onText("c");
        c.ready();
        assertEquals(List.of("a", "b"), fixture.inbound.texts());
        assertEquals(List.of("connection_established", "error RATE_LIMITED"), transport.summary());
    }

    @Test
    void rateLimitedAnswerToAFrameOverTheReadyQueueLimitCarriesItsId() {
        ConnectionFixture fixture = new ConnectionFixture().readyQueueLimit(1);
        ManagedConnection c = fixture.connection(transport);
        c.opened();
        c.onText("{\"type\":\"a\",\"id\":\"1\"}");
        c.onText("{\"type\":\"b\",\"id\":\"2\"}");
        c.onText("{\"id\":\"3\",\"type\":\"Not A Type\"}");
        c.onText("not json");
        c.ready();
        assertEquals(List.of("connection_established", "error RATE_LIMITED reply_to=2", "error RATE_LIMITED reply_to=3",
                "error RATE_LIMITED"), transport.summary());
    }

    @Test
    void framesArrivingWhileTheEarlyOnesAreDispatchedQueueBehindThem() {
        List<String> seen = new ArrayList<>();
        ManagedConnection[] connection = new ManagedConnection[1];
        ConnectionFixture fixture = new ConnectionFixture().inbound((c, text) -> {
            seen.add(text);
            if (text.equals("a")) {
                connection[0].onText("late"); // the container delivers a frame while ready() still dispatches
            }
        });
        connection[0] = fixture.connection(transport);
        connection[0].opened();
        connection[0].onText("a");
        connection[0].onText("b");
        connection[0].ready();
        assertEquals(List.of("a", "b", "late"), seen);
    }

    @Test
    void framesAfterTheWelcomeAreDispatchedAsTheyCome() {
        ConnectionFixture fixture = new ConnectionFixture();
        ManagedConnection c = fixture.ready(transport);
        c.onText("x");
        assertEquals(List.of("x"), fixture.inbound.texts());
    }

    @Test
    void framesOfAClosingConnectionAreNotDispatched() {
        ConnectionFixture fixture = new ConnectionFixture();
        ManagedConnection c = fixture.ready(transport);
        c.close(1000, "BYE");
        c.onText("x");
        assertEquals(List.of(), fixture.inbound.texts());
    }
}
