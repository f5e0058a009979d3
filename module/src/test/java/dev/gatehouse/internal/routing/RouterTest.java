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
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every way a frame can fare with its handler or the fallback, as a {@link RouteOutcome}; nothing a handler does escapes. */
class RouterTest {
    private static final RouteOutcome HANDLER_ERROR =
            new RouteOutcome.Failed(ErrorCode.HANDLER_ERROR, "Handler for type 'work' failed");

    private final ManualTimer timer = new ManualTimer(Instant.parse("2026-11-22T10:00:00Z"));
    private final EnvelopeCodec codec = new EnvelopeCodec(32, 64);
    private final RecordingContext context = new RecordingContext();
    private final List<Object> payloads = new ArrayList<>();
    private final Workers workers = new Workers("handlers", 2, 4, 100, timer, Workers.daemonThreads("router-test"));

    @AfterEach
    void stopWorkers() {
        workers.shutdownNow();
    }

    /** A payload a frame's data is bound to. */
    public record Point(int x, int y) {
    }

    @Test
    void frameOfAHandledTypeIsBoundAndHandled() {
        Router router = router(List.of(Route.of(FrameHandler.of("point", Point.class, (p, c) -> payloads.add(p)))));
        assertEquals(RouteOutcome.HANDLED, route(router, "point", Json.createObjectBuilder().add("x", 1).add("y", 2).build()));
        assertEquals(List.of(new Point(1, 2)), payloads);
        assertEquals(0, timer.pending(), "the time limit is called off");
    }

    @Test
    void unknownTypeGoesToTheDefaultFallbackWhichAnswersUnknownType() {
        assertEquals(RouteOutcome.UNHANDLED, route(router(List.of()), "chat.sned", JsonObject.EMPTY_JSON_OBJECT));
        assertEquals(List.of("error UNKNOWN_TYPE No handler for type 'chat.sned'"), context.answers());
    }

    @Test
    void unknownTypeGoesToTheApplicationsFallback() {
        FallbackHandler echo = (envelope, c) -> c.reply("echo." + envelope.type(), envelope.data());
        assertEquals(RouteOutcome.UNHANDLED, route(new Router(List.of(), echo, codec, timer, Duration.ofSeconds(30), workers, 64, GatehouseMetrics.none()),
                "other", JsonObject.EMPTY_JSON_OBJECT));
        assertEquals(List.of("reply echo.other"), context.answers());
    }

    @Test
    void payloadThatDoesNotBindIsMalformedAndTheHandlerIsNotCalled() {
        Router router = router(List.of(Route.of(FrameHandler.of("point", Point.class, (p, c) -> payloads.add(p)))));
        RouteOutcome outcome = route(router, "point", Json.createObjectBuilder().add("x", "one").build());
        assertEquals(new RouteOutcome.Failed(ErrorCode.MALFORMED_MESSAGE,
                "'data.x' must be an integer from -2147483648 to 2147483647"), outcome);
        assertEquals(List.of(), payloads);
    }

    @Test
    void syncHandlerThatThrowsARuntimeExceptionIsHandlerError() {
        assertEquals(HANDLER_ERROR, route(router(List.of(throwing(new IllegalStateException("bug")))), "work"));
    }

    @Test
    void syncHandlerThatThrowsACheckedExceptionIsHandlerError() {
        assertEquals(HANDLER_ERROR, route(router(List.of(throwing(new IOException("db down")))), "work"));
    }

    @Test
    void syncHandlerThatThrowsAnErrorIsHandlerError() {
        assertEquals(HANDLER_ERROR, route(router(List.of(throwing(new NoClassDefFoundError("missing")))), "work"));
        assertEquals(0, timer.pending());
    }

    @Test
    void asyncStageThatFailsIsHandlerError() {
        Route failing = Route.of(AsyncFrameHandler.of("work", JsonObject.class,
                (p, c) -> CompletableFuture.failedFuture(new IllegalStateException("remote call failed"))));
        assertEquals(HANDLER_ERROR, route(router(List.of(failing)), "work"));
        assertEquals(0, timer.pending());
    }

    @Test
    void asyncHandlerThatThrowsBeforeReturningAStageIsHandlerError() {
        Route throwing = Route.of(AsyncFrameHandler.of("work", JsonObject.class, (p, c) -> {
            throw new Exception("before the stage");
        }));
        assertEquals(HANDLER_ERROR, route(router(List.of(throwing)), "work"));
    }

    @Test
    void asyncHandlerReturningNoStageCountsAsHandled() {
        Route none = Route.of(AsyncFrameHandler.of("work", JsonObject.class, (p, c) -> null));
        assertEquals(RouteOutcome.HANDLED, route(router(List.of(none)), "work"));
    }

    @Test
    void fallbackThatThrowsIsHandlerError() {
        FallbackHandler broken = (envelope, c) -> {
            throw new StackOverflowError();
        };
        RouteOutcome outcome = route(new Router(List.of(), broken, codec, timer, Duration.ofSeconds(30), workers, 64, GatehouseMetrics.none()), "other",
                JsonObject.EMPTY_JSON_OBJECT);
        assertEquals(new RouteOutcome.Failed(ErrorCode.HANDLER_ERROR, "Handler for type 'other' failed"), outcome);
    }

    @Test
    void blockingHandlerOutOfTimeHasItsWorkerInterrupted() {
        boolean[] interrupted = {false};
        Router router = router(List.of(Route.of(FrameHandler.of("slow", JsonObject.class, (p, c) -> {
            timer.advance(Duration.ofSeconds(31).toMillis());
            interrupted[0] = Thread.currentThread().isInterrupted();
        }))));
        route(router, "slow");
        assertTrue(interrupted[0]);
        assertFalse(Thread.interrupted(), "and the interrupt does not outlive the call");
    }

    private static Route throwing(Exception e) {
        return Route.of(FrameHandler.of("work", JsonObject.class, (p, c) -> {
            throw e;
        }));
    }

    private static Route throwing(Error e) {
        return Route.of(FrameHandler.of("work", JsonObject.class, (p, c) -> {
            throw e;
        }));
    }

    private Router router(Collection<Route> routes) {
        return new Router(routes, null, codec, timer, Duration.ofSeconds(30), workers, 64, GatehouseMetrics.none());
    }

    private RouteOutcome route(Router router, String type) {
        return route(router, type, JsonObject.EMPTY_JSON_OBJECT);
    }

    private RouteOutcome route(Router router, String type, JsonObject data) {
        CompletableFuture<RouteOutcome> stage = router.route(new Envelope(type, data, null), context, () -> { }, o -> { }).toCompletableFuture();
        assertEquals(true, stage.isDone(), "a handler that finished leaves nothing pending");
        return stage.join();
    }
}
