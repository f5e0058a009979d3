package dev.gatehouse.internal.lifecycle;

import dev.gatehouse.internal.metrics.GatehouseMetrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OutboxTest {
    private final RecordingTransport transport = new RecordingTransport();
    private final AtomicInteger overflows = new AtomicInteger();
    private final Outbox outbox = new Outbox(transport, 3, failure -> overflows.incrementAndGet(), GatehouseMetrics.none());

    @Test
    void framesBeforeTheWelcomeAreHeldAndTheWelcomeGoesFirst() {
        assertTrue(outbox.send("a"));
        assertTrue(outbox.send("b"));
        assertEquals(List.of(), transport.calls());
        outbox.open("welcome");
        transport.completeAll();
        assertEquals(List.of("text:welcome", "text:a", "text:b"), transport.calls());
        assertEquals(0, overflows.get());
    }

    @Test
    void onlyOneWriteIsInFlightAtATime() {
        outbox.open("welcome");
        outbox.send("a");
        outbox.send("b");
        assertEquals(List.of("text:welcome"), transport.calls());
        transport.complete(null);
        assertEquals(List.of("text:welcome", "text:a"), transport.calls());
        assertEquals(1, transport.inFlight());
        transport.complete(null);
        transport.complete(null);
        assertEquals(List.of("text:welcome", "text:a", "text:b"), transport.calls());
        assertEquals(0, transport.inFlight());
    }

    @Test
    void failedWriteGivesUpOnThePeerRatherThanSkipAFrame() {
        outbox.open("welcome");
        outbox.send("a");
        outbox.send("b");
        transport.complete(new IOException("broken pipe"));
        transport.completeAll();
        assertEquals(List.of("text:welcome"), transport.calls());
        assertEquals(1, overflows.get());
        assertFalse(outbox.send("late"));
    }

    @Test
    void transportThatThrowsEvenAnErrorCountsAsAFailedWriteAndNeverLeavesTheOutboxStuck() {
        List<Throwable> reported = new java.util.ArrayList<>();
        Transport throwing = new RecordingTransport() {
            @Override
            public synchronized void sendText(String text, java.util.function.Consumer<Throwable> done) {
                throw new Error("java.nio.charset.MalformedInputException: Input length = 1");
            }
        };
        Outbox box = new Outbox(throwing, 3, reported::add, GatehouseMetrics.none());
        box.open("welcome");
        assertEquals(1, reported.size());
        assertTrue(reported.get(0) instanceof Error);
        assertFalse(box.send("next"), "the peer was given up on, not left waiting for a write that never ends");
    }

    @Test
    void closeGoesOutAfterTheQueuedFramesAndLaterFramesAreRefused() {
        outbox.open("welcome");
        outbox.send("a");
        outbox.close(1000, "BYE");
        assertFalse(outbox.send("late"));
        transport.completeAll();
        assertEquals(List.of("text:welcome", "text:a", "close:1000:BYE"), transport.calls());
    }

    @Test
    void secondCloseIsIgnored() {
        outbox.open("welcome");
        outbox.close(1000, "FIRST");
        outbox.close(1001, "SECOND");
        outbox.closeWith("error", 1009, "THIRD");
        transport.completeAll();
        assertEquals(List.of("text:welcome", "close:1000:FIRST"), transport.calls());
    }

    @Test
    void closeWithBeforeTheWelcomeDropsHeldFramesAndSendsOnlyTheLastFrameAndClose() {
        outbox.send("held");
        outbox.closeWith("error", 1013, "SERVICE_UNAVAILABLE");
        transport.completeAll();
        assertEquals(List.of("text:error", "close:1013:SERVICE_UNAVAILABLE"), transport.calls());
    }

    @Test
    void closeBeforeTheWelcomeIsSentAtOnceAndDropsHeldFrames() {
        outbox.send("held");
        outbox.close(1001, "SERVER_SHUTDOWN");
        transport.completeAll();
        assertEquals(List.of("close:1001:SERVER_SHUTDOWN"), transport.calls());
    }

    @Test
    void welcomeAfterACloseWithIsNotSentBehindTheLastFrame() {
        outbox.closeWith("error", 1009, "MESSAGE_TOO_LARGE"); // the error is in flight
        outbox.open("welcome");
        transport.completeAll();
        assertEquals(List.of("text:error", "close:1009:MESSAGE_TOO_LARGE"), transport.calls());
    }

    @Test
    void closeWithAfterTheWelcomeKeepsReleasedFramesFirst() {
        outbox.open("welcome");
        outbox.send("a");
        outbox.closeWith("error", 1009, "MESSAGE_TOO_LARGE");
        transport.completeAll();
        assertEquals(List.of("text:welcome", "text:a", "text:error", "close:1009:MESSAGE_TOO_LARGE"), transport.calls());
    }

    @Test
    void fullQueueRunsTheOverflowActionOnceAndRefusesMore() {
        outbox.open("welcome"); // in flight: the queue is empty again
        assertTrue(outbox.send("a"));
        assertTrue(outbox.send("b"));
        assertTrue(outbox.send("c"));
        assertFalse(outbox.send("d"));
        assertEquals(1, overflows.get());
        assertFalse(outbox.send("e"));
        assertEquals(1, overflows.get());
        transport.completeAll();
        assertEquals(List.of("text:welcome"), transport.calls(), "queued frames are dropped on overflow");
    }

    @Test
    void abortClosesAtOnceDroppingQueuedFrames() {
        outbox.open("welcome");
        outbox.send("a");
        outbox.abort(1000, "HEARTBEAT_TIMEOUT");
        assertEquals(List.of("text:welcome", "close:1000:HEARTBEAT_TIMEOUT"), transport.calls());
        assertFalse(outbox.send("late"));
        transport.completeAll();
        assertEquals(List.of("text:welcome", "close:1000:HEARTBEAT_TIMEOUT"), transport.calls());
    }
}
