package dev.gatehouse.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fake every time-based test relies on: due tasks in order, at their time, cancellable. */
class ManualTimerTest {
    private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
    private final ManualTimer timer = new ManualTimer(START);
    private final List<String> ran = new ArrayList<>();

    @Test
    void runsDueTasksInOrderOfTimeThenOfSchedulingWithTheClockAtTheirTime() {
        timer.schedule(record("b"), 200);
        timer.schedule(record("a"), 100);
        timer.schedule(record("c"), 200);
        timer.schedule(record("later"), 301);
        timer.advance(300);
        assertEquals(List.of("a at 100", "b at 200", "c at 200"), ran);
        assertEquals(300, elapsed());
        assertEquals(1, timer.pending());
    }

    @Test
    void taskScheduledByATaskRunsInTheSameAdvanceWhenDue() {
        timer.schedule(() -> {
            ran.add("first");
            timer.schedule(record("second"), 50);
        }, 100);
        timer.advance(150);
        assertEquals(List.of("first", "second at 150"), ran);
    }

    @Test
    void cancelledTaskNeverRunsAndCancellingTwiceOrAfterItRanDoesNothing() {
        Timer.Cancellable a = timer.schedule(record("a"), 100);
        Timer.Cancellable b = timer.schedule(record("b"), 100);
        a.cancel();
        a.cancel();
        timer.advance(100);
        b.cancel();
        assertEquals(List.of("b at 100"), ran);
        assertEquals(0, timer.pending());
    }

    private Runnable record(String name) {
        return () -> ran.add(name + " at " + elapsed());
    }

    private long elapsed() {
        return timer.clock().millis() - START.toEpochMilli();
    }
}
