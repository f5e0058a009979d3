package dev.gatehouse.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The frames kept before the welcome: in order, within the bound, handed out in batches until none is left. */
class EarlyFramesTest {
    private final EarlyFrames early = new EarlyFrames(2);

    @Test
    void keepsFramesInOrderUpToTheBound() {
        assertTrue(early.add("a"));
        assertTrue(early.add("b"));
        assertFalse(early.add("c"));
        assertEquals(List.of("a", "b"), early.takeBatch());
    }

    @Test
    void framesAddedAfterABatchFormTheNextOneWithTheBoundAfresh() {
        early.add("a");
        early.add("b");
        early.takeBatch();
        assertTrue(early.isCollecting(), "still collecting until a batch comes back empty");
        assertTrue(early.add("c"));
        assertTrue(early.add("d"));
        assertFalse(early.add("e"));
        assertEquals(List.of("c", "d"), early.takeBatch());
    }

    @Test
    void anEmptyBatchEndsCollecting() {
        early.add("a");
        early.takeBatch();
        assertNull(early.takeBatch());
        assertFalse(early.isCollecting());
        assertNull(early.takeBatch());
    }

    @Test
    void noFramesAtAllEndsCollectingAtTheFirstTake() {
        assertTrue(early.isCollecting());
        assertNull(early.takeBatch());
        assertFalse(early.isCollecting());
    }
}
