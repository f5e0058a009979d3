package dev.gatehouse.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.spi.LifecycleListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One connection's listener calls: in the order they were queued, one at a time, whatever thread queued them. */
class AnnouncerTest {
    private static final int THREADS = 8;
    private static final int CALLS_EACH = 50;

    private final Object lock = new Object();
    private final List<String> ran = new ArrayList<>(); // guarded by itself
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();

    @Test
    void callsQueuedFromManyThreadsDuringARunAllRunInQueueOrderNoneConcurrently() throws InterruptedException {
        Executor newThreadEach = command -> new Thread(command, "announcer-run").start();
        Announcer announcer = new Announcer(lock, listenersOn(newThreadEach));
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CountDownLatch allRan = new CountDownLatch(1 + THREADS * CALLS_EACH);
        Set<String> runThreads = ConcurrentHashMap.newKeySet();
        List<String> queued = new ArrayList<>(); // guarded by lock, in queue order

        Runnable first;
        synchronized (lock) {
            queued.add("first");
            first = announcer.queue(call("first", allRan, runThreads, () -> {
                firstStarted.countDown();
                await(releaseFirst);
            }));
        }
        announcer.start(first);
        assertTrue(firstStarted.await(10, TimeUnit.SECONDS));

        CountDownLatch startGate = new CountDownLatch(1);
        CountDownLatch allQueued = new CountDownLatch(THREADS);
        for (int t = 0; t < THREADS; t++) {
            String name = "t" + t;
            new Thread(() -> {
                await(startGate);
                for (int i = 0; i < CALLS_EACH; i++) {
                    Runnable next;
                    synchronized (lock) { // as the connection does: queued in the critical section of its state change
                        queued.add(name + "-" + i);
                        next = announcer.queue(call(name + "-" + i, allRan, runThreads, () -> { }));
                    }
                    assertSame(Announcer.QUEUED, next, "the run under way takes it");
                    announcer.start(next);
                }
                allQueued.countDown();
            }).start();
        }
        startGate.countDown();
        assertTrue(allQueued.await(10, TimeUnit.SECONDS));
        releaseFirst.countDown();

        assertTrue(allRan.await(10, TimeUnit.SECONDS), "every call ran");
        synchronized (lock) {
            synchronized (ran) {
                assertEquals(queued, ran);
            }
        }
        assertEquals(1, mostAtOnce.get(), "never two calls at once");
        assertEquals(Set.of("announcer-run"), runThreads, "all on the run's thread, none on a queuing thread");
    }

    @Test
    void aRunEndsWhenItsCallsAreDoneAndTheNextCallStartsANewOne() {
        ManualExecutor executor = new ManualExecutor();
        Announcer announcer = new Announcer(lock, listenersOn(executor));
        Runnable a = queue(announcer, "a");
        assertNotSame(Announcer.QUEUED, a);
        announcer.start(a);
        announcer.start(queue(announcer, "b"));
        assertEquals(1, executor.pending(), "b joined the run of a");
        assertEquals(List.of(), ran, "nothing runs on the queuing thread");
        executor.runAll();
        assertEquals(List.of("a", "b"), ran);

        Runnable c = queue(announcer, "c");
        assertNotSame(Announcer.QUEUED, c, "the run of a and b is over");
        announcer.start(c);
        executor.runAll();
        assertEquals(List.of("a", "b", "c"), ran);
    }

    @Test
    void aCallThatThrowsDoesNotStopTheRun() {
        ManualExecutor executor = new ManualExecutor();
        Announcer announcer = new Announcer(lock, listenersOn(executor));
        Runnable first;
        synchronized (lock) {
            first = announcer.queue(() -> {
                throw new IllegalStateException("bug in a call");
            });
        }
        announcer.start(first);
        announcer.start(queue(announcer, "after"));
        executor.runAll();
        assertEquals(List.of("after"), ran);
    }

    private Runnable queue(Announcer announcer, String name) {
        synchronized (lock) {
            return announcer.queue(() -> record(name));
        }
    }

    private Runnable call(String name, CountDownLatch allRan, Set<String> threads, Runnable body) {
        return () -> {
            int now = running.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            threads.add(Thread.currentThread().getName());
            record(name);
            body.run();
            running.decrementAndGet();
            allRan.countDown();
        };
    }

    private void record(String name) {
        synchronized (ran) {
            ran.add(name);
        }
    }

    /** Listeners with somebody to tell, so that calls go to the executor. */
    private static Listeners listenersOn(Executor executor) {
        return new Listeners(List.of(new LifecycleListener() { }), c -> CompletableFuture.completedFuture(null), true,
                executor);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released");
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
