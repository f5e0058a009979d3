package dev.gatehouse.internal.routing;

import dev.gatehouse.internal.metrics.GatehouseMetrics;
import dev.gatehouse.Envelope;
import dev.gatehouse.ErrorCode;
import dev.gatehouse.FallbackHandler;
import dev.gatehouse.MessageContext;
import dev.gatehouse.ReplyErrorCode;
import dev.gatehouse.internal.codec.EnvelopeCodec;
import dev.gatehouse.internal.lifecycle.Timer;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.Collection;

/**
 * Dispatches an envelope to the handler of its type, or to the fallback handler, and turns every
 * way a handler can fail (throw, fail its stage, run out of time) into a {@link RouteOutcome}.
 * Nothing a handler does escapes. Thread-safe.
 */
public final class Router {
    private static final Logger LOG = System.getLogger("dev.gatehouse.routing");

    private final Map<String, Route> routes;
    private final FallbackHandler fallback;
    private final EnvelopeCodec codec;
    private final Timer timer;
    private final long timeoutMillis;
    private final GatehouseMetrics metrics;

    /**
     * A router.
     *
     * @param routes one route per type
     * @param fallback the fallback handler, or null for the default ({@code UNKNOWN_TYPE})
     * @param codec binds payloads
     * @param timer schedules time limits
     * @param timeout the time limit of one handler call
     * @param metrics where handler durations go
     */
    public Router(Collection<Route> routes, FallbackHandler fallback, EnvelopeCodec codec,
            Timer timer, Duration timeout, GatehouseMetrics metrics) {
        this.metrics = metrics;
        this.routes = routes.stream().collect(Collectors.toUnmodifiableMap(Route::type, Function.identity()));
        this.fallback = fallback != null ? fallback : Router::unknownType;
        this.codec = codec;
        this.timer = timer;
        this.timeoutMillis = timeout.toMillis();
    }

    /** The default fallback: answers {@code UNKNOWN_TYPE}. */
    public static void unknownType(Envelope envelope, MessageContext context) {
        context.replyError(ReplyErrorCode.UNKNOWN_TYPE, "No handler for type '" + envelope.type() + "'");
    }

    /**
     * Routes one envelope. Call on a worker thread: a synchronous handler runs on the calling thread.
     *
     * @return a stage that completes, never exceptionally, when the handler finished or ran out of time
     */
    public CompletionStage<RouteOutcome> route(Envelope envelope, MessageContext context) {
        Route route = routes.get(envelope.type());
        if (route == null) {
            return timed(envelope.type(), System.nanoTime(),
                    invokeSync(envelope.type(), () -> fallback.handle(envelope, context), RouteOutcome.UNHANDLED, context));
        }
        Object payload;
        try {
            payload = codec.bind(envelope.data(), route.payloadType());
        } catch (Throwable e) { // JsonbException, and whatever else binding a hostile payload throws
            return CompletableFuture.completedFuture(new RouteOutcome.Failed(ErrorCode.MALFORMED_MESSAGE,
                    "'data' does not fit type '" + envelope.type() + "'"));
        }
        long start = System.nanoTime();
        return timed(route.type(), start, route.async() ? invokeAsync(route, payload, context)
                : invokeSync(route.type(), () -> route.invoker().invoke(payload, context), RouteOutcome.HANDLED, context));
    }

    /** Records the handler's duration and outcome when {@code outcome} completes (the fallback's under {@code other}). */
    private CompletionStage<RouteOutcome> timed(String type, long start, CompletionStage<RouteOutcome> outcome) {
        if (!metrics.recording()) {
            return outcome; // no stage added per frame for nothing
        }
        return outcome.whenComplete((o, failure) -> metrics.handler(type, outcomeOf(o), System.nanoTime() - start));
    }

    private static GatehouseMetrics.HandlerOutcome outcomeOf(RouteOutcome outcome) {
        if (outcome instanceof RouteOutcome.Failed failed) {
            return failed.code() == ErrorCode.HANDLER_TIMEOUT ? GatehouseMetrics.HandlerOutcome.TIMEOUT
                    : GatehouseMetrics.HandlerOutcome.ERROR;
        }
        return GatehouseMetrics.HandlerOutcome.OK;
    }

    /** A call into a synchronous handler or the fallback. */
    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    /** Runs {@code call} on this thread under the time limit; the fallback gets the same limit as handlers. */
    private CompletionStage<RouteOutcome> invokeSync(String type, Call call, RouteOutcome success, MessageContext context) {
        CompletableFuture<RouteOutcome> result = new CompletableFuture<>();
        Thread worker = Thread.currentThread();
        var limit = timer.schedule(() -> {
            synchronized (result) {
                if (result.complete(timedOut(type, context))) {
                    worker.interrupt();
                }
            }
        }, timeoutMillis);
        RouteOutcome outcome;
        try {
            call.run();
            outcome = success;
        } catch (Throwable t) {
            outcome = failed(type, context, t);
        }
        limit.cancel();
        synchronized (result) {
            if (!result.complete(outcome)) {
                Thread.interrupted(); // the time limit interrupted this thread; do not leak that to the next task
            }
        }
        return result;
    }

    private CompletionStage<RouteOutcome> invokeAsync(Route route, Object payload, MessageContext context) {
        CompletableFuture<RouteOutcome> result = new CompletableFuture<>();
        CompletionStage<?> stage;
        try {
            stage = route.invoker().invoke(payload, context);
        } catch (Throwable t) {
            return CompletableFuture.completedFuture(failed(route.type(), context, t));
        }
        if (stage == null) {
            return CompletableFuture.completedFuture(RouteOutcome.HANDLED);
        }
        var limit = timer.schedule(() -> result.complete(timedOut(route.type(), context)), timeoutMillis);
        stage.whenComplete((value, failure) -> {
            limit.cancel();
            result.complete(failure == null ? RouteOutcome.HANDLED : failed(route.type(), context, failure));
        });
        return result;
    }

    private static RouteOutcome failed(String type, MessageContext context, Throwable t) {
        LOG.log(Level.WARNING, "[" + context.connection().id() + "] handler for '" + type + "' failed", t);
        return new RouteOutcome.Failed(ErrorCode.HANDLER_ERROR, "Handler for type '" + type + "' failed");
    }

    private RouteOutcome timedOut(String type, MessageContext context) {
        LOG.log(Level.WARNING, "[" + context.connection().id() + "] handler for '" + type
                + "' did not finish within " + timeoutMillis + " ms");
        return new RouteOutcome.Failed(ErrorCode.HANDLER_TIMEOUT,
                "Handler for type '" + type + "' did not finish in time");
    }
}
