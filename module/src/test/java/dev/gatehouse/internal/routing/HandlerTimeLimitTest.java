package dev.gatehouse.internal.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.internal.codec.EnvelopeCodec;
import dev.gatehouse.internal.lifecycle.ManualTimer;
import dev.gatehouse.internal.lifecycle.Workers;
import dev.gatehouse.internal.metrics.GatehouseMetrics;
import dev.gatehouse.spi.AsyncFrameHandler;
import dev.gatehouse.spi.Envelope;
import dev.gatehouse.spi.FallbackHandler;
import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.testkit.Uninterruptibly;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The time limit of a handler call ({@code HANDLER_TIMEOUT}), driven by a manual timer: a blocked
 * synchronous handler runs on a worker thread while the test moves the time on; nothing sleeps.
 */
class HandlerTimeLimitTest {
    private static final long LIMIT = 30_000;
    private static final long WAIT = 10;

    private final ManualTimer timer = new ManualTimer(Instant.parse("2026-11-22T10:00:00Z"));
    private final EnvelopeCodec codec = new EnvelopeCodec(32, 64);
    private final RecordingContext context = new RecordingContext();
    private final ExecutorService worker = Executors.newSingleThreadExecutor();
    private final CountDownLatch started = new CountDownLatch(1);
    private final AtomicBoolean interrupted = new AtomicBoolean();
    /** Times a call passed its connection's turn on. */
    private final AtomicInteger passTurn = new AtomicInteger();
    private final Workers workers = new Workers("handlers", 1, 4, 100, timer, Workers.daemonThreads("limit-test"));
    /** Holds an uninterruptible handler until the test lets it go. */
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger calls = new AtomicInteger();
    private final CountDownLatch interruptIgnored = new CountDownLatch(1);

    @AfterEach
    void stopWorker() {
        release.countDown();
        worker.shutdownNow();
        workers.shutdownNow();
    }

    @Test
    void handlerThatIgnoresInterruptsIsAnsweredAtItsLimitAndPassesTheTurnBeforeItReturns() throws Exception {
        Router router = router(Route.of(FrameHandler.of("stuck", JsonObject.class, (p, c) -> waitIgnoringInterrupts())), null);
        Future<CompletableFuture<RouteOutcome>> call = worker.submit(() -> route(router, "stuck"));
        assertTrue(started.await(WAIT, TimeUnit.SECONDS));
        timer.advance(LIMIT);

        assertEquals(1, passTurn.get(), "the connection's next frame need not wait for this thread");
        assertFalse(call.isDone(), "the handler still holds its thread");
        assertTrue(interruptIgnored.await(WAIT, TimeUnit.SECONDS), "it was interrupted, and ignored it");
        release.countDown();
        assertEquals(timeout("stuck"), call.get(WAIT, TimeUnit.SECONDS).getNow(null), "what it returned late is dropped");
        assertNotInterruptedOnTheNextTask();
    }

    @Test
    void typeWithTooManyCallsStuckPastTheirLimitIsAnsweredAtOnceWithoutACallUntilOneReturns() throws Exception {
        Router router = router(Route.of(FrameHandler.of("stuck", JsonObject.class, (p, c) -> {
            calls.incrementAndGet();
            waitIgnoringInterrupts();
        })), null); // 4 replaceable threads: one per type
        Future<CompletableFuture<RouteOutcome>> first = worker.submit(() -> route(router, "stuck"));
        assertTrue(started.await(WAIT, TimeUnit.SECONDS));
        timer.advance(LIMIT);

        assertEquals(new RouteOutcome.Failed(ErrorCode.HANDLER_TIMEOUT, "Handler for type 'stuck' is not answering; try again later"),
                route(router, "stuck").getNow(null));
        assertEquals(1, calls.get(), "the handler was not called again");
        release.countDown();
        first.get(WAIT, TimeUnit.SECONDS);
        route(router, "stuck");
        assertEquals(2, calls.get(), "once the stuck call returned, the type is called again");
    }

    @Test
    void syncHandlerPastItsLimitIsHandlerTimeoutAndItsThreadIsInterrupted() throws Exception {
        Router router = router(Route.of(FrameHandler.of("slow", JsonObject.class, (p, c) -> blockUntilInterrupted())), null);
        Future<RouteOutcome> outcome = onWorker(router, "slow");
        assertTrue(started.await(WAIT, TimeUnit.SECONDS));
        timer.advance(LIMIT - 1);
        assertFalse(outcome.isDone());
        timer.advance(1);

        assertEquals(timeout("slow"), outcome.get(WAIT, TimeUnit.SECONDS));
        assertTrue(interrupted.get(), "the handler's thread was interrupted");
        assertNotInterruptedOnTheNextTask();
    }

    @Test
    void interruptIsNotLeakedToTheNextTaskEvenWhenTheHandlerRestoresIt() throws Exception {
        Router router = router(Route.of(FrameHandler.of("slow", JsonObject.class, (p, c) -> {
            try {
                blockUntilInterrupted();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // well-behaved code restores the flag, and returns
            }
        })), null);
        Future<RouteOutcome> outcome = onWorker(router, "slow");
        assertTrue(started.await(WAIT, TimeUnit.SECONDS));
        timer.advance(LIMIT);
        assertEquals(timeout("slow"), outcome.get(WAIT, TimeUnit.SECONDS));
        assertNotInterruptedOnTheNextTask();
    }

    @Test
    void syncHandlerWithinItsLimitIsNotInterrupted() throws Exception {
        Router router = router(Route.of(FrameHandler.of("quick", JsonObject.class, (p, c) -> { })), null);
        assertEquals(RouteOutcome.HANDLED, onWorker(router, "quick").get(WAIT, TimeUnit.SECONDS));
        assertEquals(0, timer.pending());
        timer.advance(LIMIT);
        assertNotInterruptedOnTheNextTask();
    }

    @Test
    void fallbackThatBlocksGetsTheTimeLimitToo() throws Exception {
        FallbackHandler blocking = (envelope, c) -> blockUntilInterrupted();
        Future<RouteOutcome> outcome = onWorker(router(null, blocking), "anything");
        assertTrue(started.await(WAIT, TimeUnit.SECONDS));
        timer.advance(LIMIT);
        assertEquals(timeout("anything"), outcome.get(WAIT, TimeUnit.SECONDS));
        assertTrue(interrupted.get());
    }

    @Test
    void asyncStagePastItsLimitIsHandlerTimeoutAndCompletingLateChangesNothing() {
        CompletableFuture<Void> never = new CompletableFuture<>();
        Router router = router(Route.of(AsyncFrameHandler.of("later", JsonObject.class, (p, c) -> never)), null);
        CompletableFuture<RouteOutcome> outcome = route(router, "later");
        timer.advance(LIMIT - 1);
        assertFalse(outcome.isDone());
        timer.advance(1);
        assertEquals(timeout("later"), outcome.getNow(null));
        never.completeExceptionally(new IllegalStateException("too late"));
        assertEquals(timeout("later"), outcome.getNow(null));
    }

    @Test
    void asyncStageWithinItsLimitIsHandledAndCallsTheLimitOff() {
        CompletableFuture<Void> later = new CompletableFuture<>();
        Router router = router(Route.of(AsyncFrameHandler.of("later", JsonObject.class, (p, c) -> later)), null);
        CompletableFuture<RouteOutcome> outcome = route(router, "later");
        timer.advance(LIMIT - 1);
        later.complete(null);
        assertEquals(RouteOutcome.HANDLED, outcome.getNow(null));
        assertEquals(0, timer.pending());
    }

    /** A wait that ignores interrupts, as a read without a timeout does. */
    private void waitIgnoringInterrupts() {
        started.countDown();
        Uninterruptibly.await(release, interruptIgnored::countDown);
    }

    private void blockUntilInterrupted() throws InterruptedException {
        started.countDown();
        try {
            new CountDownLatch(1).await(WAIT, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted.set(true);
            throw e;
        }
    }

    private void assertNotInterruptedOnTheNextTask() throws Exception {
        assertFalse(worker.submit(() -> Thread.currentThread().isInterrupted()).get(WAIT, TimeUnit.SECONDS),
                "the next task on the worker finds its thread interrupted");
    }

    private Future<RouteOutcome> onWorker(Router router, String type) {
        return worker.submit(() -> route(router, type).join());
    }

    private CompletableFuture<RouteOutcome> route(Router router, String type) {
        return router.route(new Envelope(type, JsonObject.EMPTY_JSON_OBJECT, null), context, passTurn::incrementAndGet, o -> { }).toCompletableFuture();
    }

    private Router router(Route route, FallbackHandler fallback) {
        return new Router(route == null ? List.of() : List.of(route), fallback, codec, timer, Duration.ofMillis(LIMIT), workers, 4,
                GatehouseMetrics.none());
    }

    private static RouteOutcome timeout(String type) {
        return new RouteOutcome.Failed(ErrorCode.HANDLER_TIMEOUT, "Handler for type '" + type + "' did not finish in time");
    }
}
