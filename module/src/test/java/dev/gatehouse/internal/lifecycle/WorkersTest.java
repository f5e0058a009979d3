package dev.gatehouse.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import dev.gatehouse.testkit.Uninterruptibly;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pool that replaces a thread whose call overstays its limit, on real threads. */
class WorkersTest {
    private static final long WAIT = 10;

    private final ManualTimer timer = new ManualTimer(Instant.parse("2026-11-22T10:00:00Z"));
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch started = new CountDownLatch(1);
    private Workers workers;

    @AfterEach
    void stop() {
        release.countDown();
        workers.shutdownNow();
    }

    @Test
    void taskPastItsLimitGivesItsPlaceToANewThreadAndTheTaskBehindItRuns() throws Exception {
        workers = new Workers("test", 1, 2, 10, timer, Workers.daemonThreads("workers-test"));
        AtomicReference<Workers.Run> stuck = new AtomicReference<>();
        workers.execute(() -> {
            stuck.set(Workers.current());
            waitIgnoringInterrupts();
        });
        assertTrue(started.await(WAIT, TimeUnit.SECONDS));
        CountDownLatch behind = new CountDownLatch(1);
        workers.execute(behind::countDown);
        assertFalse(behind.await(100, TimeUnit.MILLISECONDS), "one thread, and it is busy");

        workers.overstayed(stuck.get());
        assertTrue(behind.await(WAIT, TimeUnit.SECONDS), "a new thread took the task behind the stuck one");
        assertEquals(1, workers.stuck());
        release.countDown();
        awaitStuck(0);
    }

    @Test
    void taskWithItsOwnLimitOverstaysWhenTheTimerFindsItStillRunning() throws Exception {
        workers = new Workers("test", 1, 2, 10, timer, Workers.daemonThreads("workers-test"));
        workers.execute(this::waitIgnoringInterrupts, 500);
        assertTrue(started.await(WAIT, TimeUnit.SECONDS));
        timer.advance(499);
        assertEquals(0, workers.stuck());
        timer.advance(1);
        assertEquals(1, workers.stuck());
        CountDownLatch behind = new CountDownLatch(1);
        workers.execute(behind::countDown);
        assertTrue(behind.await(WAIT, TimeUnit.SECONDS));
        release.countDown();
        awaitStuck(0);
    }

    @Test
    void taskWithinItsLimitNeverOverstays() throws Exception {
        workers = new Workers("test", 1, 2, 10, timer, Workers.daemonThreads("workers-test"));
        CountDownLatch done = new CountDownLatch(1);
        workers.execute(done::countDown, 500);
        assertTrue(done.await(WAIT, TimeUnit.SECONDS));
        awaitPending(0);
        timer.advance(1000);
        assertEquals(0, workers.stuck());
    }

    @Test
    void beyondItsCapAnOverstayingTaskKeepsItsPlace() throws Exception {
        workers = new Workers("test", 1, 0, 10, timer, Workers.daemonThreads("workers-test"));
        AtomicReference<Workers.Run> stuck = new AtomicReference<>();
        workers.execute(() -> {
            stuck.set(Workers.current());
            waitIgnoringInterrupts();
        });
        assertTrue(started.await(WAIT, TimeUnit.SECONDS));
        CountDownLatch behind = new CountDownLatch(1);
        workers.execute(behind::countDown);
        workers.overstayed(stuck.get());
        assertEquals(0, workers.stuck());
        assertFalse(behind.await(100, TimeUnit.MILLISECONDS), "no thread replaces it");
        release.countDown();
        assertTrue(behind.await(WAIT, TimeUnit.SECONDS), "the task behind runs once it returns");
    }

    @Test
    void fullQueueRefusesTheTask() throws Exception {
        workers = new Workers("test", 1, 2, 1, timer, Workers.daemonThreads("workers-test"));
        workers.execute(this::waitIgnoringInterrupts);
        assertTrue(started.await(WAIT, TimeUnit.SECONDS));
        workers.execute(() -> { });
        assertEquals(1, workers.queued());
        assertThrows(RejectedExecutionException.class, () -> workers.execute(() -> { }));
    }

    private void waitIgnoringInterrupts() {
        started.countDown();
        Uninterruptibly.await(release);
    }

    private void awaitStuck(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
        while (workers.stuck() != expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(expected, workers.stuck());
    }

    private void awaitPending(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
        while (timer.pending() != expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(expected, timer.pending());
    }
}
