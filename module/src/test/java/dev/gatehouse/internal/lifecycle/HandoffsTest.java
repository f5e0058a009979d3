package dev.gatehouse.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.spi.Verification;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The hand-over of a handshake's verdict from the filter to the configurator, on one thread. */
class HandoffsTest {
    private final Handoffs handoffs = new Handoffs();
    private final Handoffs.Entry entry =
            new Handoffs.Entry(Verification.rejected(ErrorCode.FORBIDDEN, "x"), connection -> { });

    @Test
    void entryIsTakenOnceForItsWebSocketKey() {
        handoffs.hand("k", entry);
        assertSame(entry, handoffs.take("k"));
        assertNull(handoffs.take("k"));
    }

    @Test
    void takeForAnotherKeyGetsNothingAndLeavesNothing() {
        handoffs.hand("k", entry);
        assertNull(handoffs.take("other"));
        assertNull(handoffs.take("k"));
        assertNull(handoffs.take(null));
    }

    @Test
    void clearedEntryIsGone() {
        handoffs.hand("k", entry);
        handoffs.clear();
        assertNull(handoffs.take("k"));
    }

    @Test
    void anotherThreadSeesNoEntry() throws Exception {
        handoffs.hand("k", entry);
        assertNull(CompletableFuture.supplyAsync(() -> handoffs.take("k")).get());
        assertSame(entry, handoffs.take("k"));
    }
}
