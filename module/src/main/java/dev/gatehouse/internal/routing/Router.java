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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
    /** The longest a non-blocking handler may take before its type goes back to the workers. */
    static final long INLINE_LIMIT_MILLIS = 10;
    /** How often a non-blocking handler may take longer than that (a cold JVM's first calls can) before it is moved. */
    static final int INLINE_STRIKES = 3;
    /** Times each non-blocking handler took longer than the limit. */
    private final Map<String, AtomicInteger> slowCalls = new ConcurrentHashMap<>();
    /** Types whose non-blocking handler was too slow too often: handled on workers from then on. */
    private final Set<String> demoted = ConcurrentHashMap.newKeySet();

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
     * Whether frames of this type may be handled on the thread that read them: its handler declared
     * it never blocks and has not taken longer than {@link #INLINE_LIMIT_MILLIS} {@link #INLINE_STRIKES} times.
     */
    public boolean runsInline(String type) {
        Route route = routes.get(type);
        return route != null && route.nonBlocking() && !demoted.contains(type);
    }

    /**
     * Routes one envelope. A synchronous handler runs on the calling thread: a worker, or for a
     * handler that {@link #runsInline runs inline}, the container's thread.
     *
     * @return a stage that completes, never exceptionally, when the handler finished or ran out of time
     */
    public CompletionStage<RouteOutcome> route(Envelope envelope, MessageContext context) {
        Route route = routes.get(envelope.type());
        if (route == null) {
            return timed(envelope.type(), System.nanoTime(),
                    invokeSync(envelope.type(), () -> fallback.handle(envelope, context), RouteOutcome.UNHANDLED, context, true));
        }
        Object payload;
        try {
            payload = codec.bind(envelope.data(), route.payloadType());
        } catch (Throwable e) { // JsonbException, and whatever else binding a hostile payload throws
            return CompletableFuture.completedFuture(new RouteOutcome.Failed(ErrorCode.MALFORMED_MESSAGE,
                    "'data' does not fit type '" + envelope.type() + "'"));
        }
        long start = System.nanoTime();
        if (route.async()) {
            return timed(route.type(), start, invokeAsync(route, payload, context));
        }
        CompletionStage<RouteOutcome> outcome = invokeSync(route.type(), () -> route.invoker().invoke(payload, context),
                RouteOutcome.HANDLED, context, !route.nonBlocking());
        if (route.nonBlocking()) {
            checkNonBlocking(route.type(), System.nanoTime() - start);
        }
        return timed(route.type(), start, outcome);
    }

    /** A non-blocking handler that took too long too often goes back to the workers, said once. */
    private void checkNonBlocking(String type, long nanos) {
        if (nanos <= TimeUnit.MILLISECONDS.toNanos(INLINE_LIMIT_MILLIS)
                || slowCalls.computeIfAbsent(type, t -> new AtomicInteger()).incrementAndGet() < INLINE_STRIKES) {
            return;
        }
        if (demoted.add(type)) {
            LOG.log(Level.WARNING, "The handler for ''{0}'' is declared non-blocking but took more than {1} ms {2} times"
                    + " (last {3} ms); its frames are handled on Gatehouse workers from now on", type, INLINE_LIMIT_MILLIS,
                    INLINE_STRIKES, TimeUnit.NANOSECONDS.toMillis(nanos));
        }
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

    /**
     * Runs {@code call} on this thread under the time limit; the fallback gets the same limit as
     * handlers. A blocking call's thread is interrupted when its time is up; a non-blocking one's
     * never (it may be the container's, whose channels an interrupt would close).
     */
    private CompletionStage<RouteOutcome> invokeSync(String type, Call call, RouteOutcome success, MessageContext context,
            boolean interruptible) {
        CompletableFuture<RouteOutcome> result = new CompletableFuture<>();
        Thread worker = Thread.currentThread();
        var limit = timer.schedule(() -> {
            synchronized (result) {
                if (result.complete(timedOut(type, context)) && interruptible) {
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
            if (!result.complete(outcome) && interruptible) {
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
