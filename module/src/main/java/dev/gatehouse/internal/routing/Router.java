package dev.gatehouse.internal.routing;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.MessageContext;
import dev.gatehouse.ReplyErrorCode;
import dev.gatehouse.internal.codec.EnvelopeCodec;
import dev.gatehouse.internal.lifecycle.BurstLog;
import dev.gatehouse.internal.lifecycle.Timer;
import dev.gatehouse.internal.lifecycle.Workers;
import dev.gatehouse.internal.metrics.GatehouseMetrics;
import dev.gatehouse.spi.Envelope;
import dev.gatehouse.spi.FallbackHandler;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Dispatches an envelope to the handler of its type, or to the fallback handler, and turns every
 * way a handler can fail (throw, fail its stage, run out of time) into a {@link RouteOutcome}.
 * Nothing a handler does escapes. A frame whose connection's token does not meet its route's
 * {@link dev.gatehouse.Requires} is answered {@code FORBIDDEN} without a call, before its data is
 * bound. Thread-safe.
 *
 * <p><b>Time limits.</b> A call's limit starts when it starts. At the limit the call is answered
 * ({@code HANDLER_TIMEOUT}) whatever the handler does: if it is still in the handler's code, its
 * thread is interrupted (a worker's, never a container's), the pool replaces it
 * ({@link Workers#overstayed}), and the connection's turn passes to its next frame. What the handler
 * returns later is dropped and counted ({@code gatehouse.handler.late}). A type with a quarter of the
 * pool's replaceable threads stuck in it is answered at once, without a call, until one returns, so
 * that one broken handler cannot take every replacement thread.
 */
public final class Router {
    private static final Logger LOG = System.getLogger("dev.gatehouse.routing");
    private static final String FALLBACK = "(fallback)";
    private static final Runnable NOTHING = () -> { };

    private final Map<String, Route> routes;
    private final Map<String, TypeState> states;
    private final TypeState fallbackState = new TypeState(FALLBACK);
    /** The states of the calls {@code limited} runs for Gatehouse itself, by name. */
    private final Map<String, TypeState> ownStates = new ConcurrentHashMap<>();
    private final FallbackHandler fallback;
    private final EnvelopeCodec codec;
    private final Timer timer;
    private final long timeoutMillis;
    private final Workers workers;
    private final GatehouseMetrics metrics;
    /** Calls of one type that may be stuck at once before its frames are answered without a call. */
    private final int stuckPerType;

    /**
     * A router.
     *
     * @param routes one route per type
     * @param fallback the fallback handler, or null for the default ({@code UNKNOWN_TYPE})
     * @param codec binds payloads
     * @param timer schedules time limits
     * @param timeout the time limit of one handler call
     * @param workers the handlers' pool, which replaces stuck threads
     * @param maxStuck threads the pool may replace at once; a quarter of them (at least one) per type
     * @param metrics where handler durations go
     */
    public Router(Collection<Route> routes, FallbackHandler fallback, EnvelopeCodec codec,
            Timer timer, Duration timeout, Workers workers, int maxStuck, GatehouseMetrics metrics) {
        this.metrics = metrics;
        this.routes = routes.stream().collect(Collectors.toUnmodifiableMap(Route::type, Function.identity()));
        this.states = routes.stream().collect(Collectors.toUnmodifiableMap(Route::type, r -> new TypeState(r.type())));
        this.fallback = fallback != null ? fallback : Router::unknownType;
        this.codec = codec;
        routes.stream().map(Route::payloadType).filter(java.util.Objects::nonNull).forEach(codec::prepare);
        this.timer = timer;
        this.timeoutMillis = timeout.toMillis();
        this.workers = workers;
        this.stuckPerType = Math.max(1, maxStuck / 4);
    }

    /** The default fallback: answers {@code UNKNOWN_TYPE}. */
    public static void unknownType(Envelope envelope, MessageContext context) {
        context.replyError(ReplyErrorCode.UNKNOWN_TYPE, "No handler for type '" + envelope.type() + "'");
    }

    /**
     * Routes one envelope. A synchronous handler runs on the calling thread, a worker of the pool.
     *
     * @param passTurn called when the call is answered at its time limit while its thread is still
     *     in the handler, so that the connection's next frame does not wait for that thread
     * @param answer told the outcome as soon as there is one: at the time limit, on the timer's
     *     thread, even while the handler still runs
     * @return a stage that completes, never exceptionally, once {@code answer} was told the outcome
     */
    public CompletionStage<RouteOutcome> route(Envelope envelope, MessageContext context, Runnable passTurn,
            Consumer<RouteOutcome> answer) {
        long start = System.nanoTime();
        Route route = routes.get(envelope.type());
        if (route == null) {
            return limited(fallbackState, envelope.type(), context, passTurn, () -> {
                fallback.handle(envelope, context);
                return RouteOutcome.UNHANDLED;
            }, finish(envelope.type(), start, answer));
        }
        if (!route.requires().isMetBy(context.connection().token())) { // before binding: nothing of the frame is read
            return answered(new RouteOutcome.Failed(ErrorCode.FORBIDDEN,
                    "Type '" + route.type() + "' needs a group or scope this connection's token lacks"), answer);
        }
        TypeState state = states.get(route.type());
        if (state.overstaying.get() >= stuckPerType) {
            state.refused.event(state.overstaying.get() + " calls past their limit");
            return answered(new RouteOutcome.Failed(ErrorCode.HANDLER_TIMEOUT,
                    "Handler for type '" + route.type() + "' is not answering; try again later"), finish(route.type(), start, answer));
        }
        Object payload;
        try {
            payload = route.payloadType() == null ? null : codec.bind(envelope, route.payloadType());
        } catch (EnvelopeCodec.UnfitPayload e) { // no data, or a field of the wrong JSON type: named
            return answered(new RouteOutcome.Failed(ErrorCode.MALFORMED_MESSAGE, e.getMessage()), answer);
        } catch (Throwable e) { // JsonbException, and whatever else binding a hostile payload throws
            return answered(new RouteOutcome.Failed(ErrorCode.MALFORMED_MESSAGE,
                    "'data' does not fit type '" + envelope.type() + "'"), answer);
        }
        Consumer<RouteOutcome> finish = finish(route.type(), start, answer);
        if (route.async()) {
            return limitedAsync(state, route, payload, context, passTurn, finish);
        }
        return limited(state, route.type(), context, passTurn, () -> {
            route.invoker().invoke(payload, context);
            return RouteOutcome.HANDLED;
        }, finish);
    }

    /**
     * Runs {@code call} on this thread as a handler call is run (the time limit, a stuck thread
     * replaced, the turn passed at the limit, a late result dropped), for Gatehouse's own work that
     * calls application code in a connection's turn: {@code auth_refresh}'s token check.
     *
     * @param name names the call in logs
     * @param connectionId the connection, for logs
     * @param passTurn as for {@link #route}
     * @param call the work
     * @param atLimit the result at the time limit
     * @param onFailure the result of a call that throws (logged as a WARNING)
     * @param answer told the result, or {@code atLimit} at the limit on the timer's thread
     * @return a stage that completes once {@code answer} was told
     */
    public <T> CompletionStage<T> limited(String name, String connectionId, Runnable passTurn, Callable<T> call,
            T atLimit, T onFailure, Consumer<T> answer) {
        return new Call<>(stateOf(name), name, () -> connectionId, NOTHING, passTurn, atLimit, answer).run(call, failure -> {
            LOG.log(Level.WARNING, "[" + connectionId + "] " + name + " failed", failure);
            return onFailure;
        });
    }

    private TypeState stateOf(String name) {
        return ownStates.computeIfAbsent(name, TypeState::new);
    }

    private CompletionStage<RouteOutcome> limited(TypeState state, String type, MessageContext context, Runnable passTurn,
            Callable<RouteOutcome> call, Consumer<RouteOutcome> finish) {
        return new Call<>(state, type, context, passTurn, timedOut(type), finish).run(call, t -> failed(type, context, t));
    }

    private CompletionStage<RouteOutcome> limitedAsync(TypeState state, Route route, Object payload,
            MessageContext context, Runnable passTurn, Consumer<RouteOutcome> finish) {
        Call<RouteOutcome> call = new Call<>(state, route.type(), context, passTurn, timedOut(route.type()), finish);
        CompletionStage<?> stage;
        try {
            stage = route.invoker().invoke(payload, context);
        } catch (Throwable t) {
            call.returned(failed(route.type(), context, t));
            return call.answered;
        }
        if (stage == null) {
            call.returned(RouteOutcome.HANDLED);
            return call.answered;
        }
        call.returned(null);
        stage.whenComplete((value, failure) -> call.completed(failure == null ? RouteOutcome.HANDLED
                : failed(route.type(), context, failure)));
        return call.answered;
    }

    /** An outcome known without a call. */
    private static <T> CompletionStage<T> answered(T outcome, Consumer<T> answer) {
        answer.accept(outcome);
        return CompletableFuture.completedFuture(outcome);
    }

    /** The answer, after the handler's duration and outcome are recorded. */
    private Consumer<RouteOutcome> finish(String type, long start, Consumer<RouteOutcome> answer) {
        if (!metrics.recording()) {
            return answer;
        }
        return outcome -> {
            metrics.handler(type, outcomeOf(outcome), System.nanoTime() - start);
            answer.accept(outcome);
        };
    }

    private static GatehouseMetrics.HandlerOutcome outcomeOf(RouteOutcome outcome) {
        if (outcome instanceof RouteOutcome.Failed failed) {
            return failed.code() == ErrorCode.HANDLER_TIMEOUT ? GatehouseMetrics.HandlerOutcome.TIMEOUT
                    : GatehouseMetrics.HandlerOutcome.ERROR;
        }
        return GatehouseMetrics.HandlerOutcome.OK;
    }

    private static RouteOutcome failed(String type, MessageContext context, Throwable t) {
        LOG.log(Level.WARNING, "[" + context.connection().id() + "] handler for '" + type + "' failed", t);
        return new RouteOutcome.Failed(ErrorCode.HANDLER_ERROR, "Handler for type '" + type + "' failed");
    }

    private static RouteOutcome timedOut(String type) {
        return new RouteOutcome.Failed(ErrorCode.HANDLER_TIMEOUT, "Handler for type '" + type + "' did not finish in time");
    }

    /** What the router keeps per type. */
    private static final class TypeState {
        final String type;
        /** Calls answered at their limit whose thread is still in the handler. */
        final AtomicInteger overstaying = new AtomicInteger();
        final BurstLog refused;

        TypeState(String type) {
            this.type = type;
            this.refused = new BurstLog(LOG, "Frames of type '" + type + "' answered HANDLER_TIMEOUT without a call:"
                    + " its handler has too many calls stuck past their time limit", 60);
        }
    }

    /**
     * One call of application code under the time limit, on the thread that made it. Whether it was
     * answered and whether its thread is still in the call are guarded by {@code this}; the interrupt
     * and the replacement happen under it, so they reach the thread while it is still in this call.
     * The answer itself (a frame written) is given after the monitor is released.
     */
    private final class Call<T> {
        private final CompletableFuture<T> result = new CompletableFuture<>();
        /** Completes once the answer was told the result: what the caller waits for. */
        final CompletableFuture<T> answered;
        private final TypeState state;
        private final String name;
        /** The connection's id, for logs: read only when a line is written. */
        private final Supplier<String> connectionId;
        /** Told, under the monitor, that the limit answered: the frame's context drops later replies. */
        private final Runnable closeContext;
        private final Runnable passTurn;
        private final T atLimit;
        private final Thread thread = Thread.currentThread();
        private final Workers.Run run = Workers.current();
        private final long start = System.nanoTime();
        private final Timer.Cancellable limit;
        /** True while the thread is in the application's code. Guarded by this. */
        private boolean onThread = true;
        /** True once the result is decided, in time or at the limit. Guarded by this. */
        private boolean decided;
        /** Set when the late return is counted: an async call can come back late twice (its call, then its stage). */
        private final AtomicBoolean lateCounted = new AtomicBoolean();

        /** Arms the limit of a handler's call. */
        Call(TypeState state, String name, MessageContext context, Runnable passTurn, T atLimit, Consumer<T> answer) {
            this(state, name, () -> context.connection().id(),
                    context instanceof FrameContext f ? f::answeredAtLimit : NOTHING, passTurn, atLimit, answer);
        }

        Call(TypeState state, String name, Supplier<String> connectionId, Runnable closeContext, Runnable passTurn,
                T atLimit, Consumer<T> answer) {
            this.state = state;
            this.name = name;
            this.connectionId = connectionId;
            this.closeContext = closeContext;
            this.answered = result.whenComplete((value, failure) -> answer.accept(value));
            this.passTurn = passTurn;
            this.atLimit = atLimit;
            this.limit = timer.schedule(this::expire, timeoutMillis);
        }

        /** Runs a synchronous call to its end; returns {@link #answered}. */
        CompletableFuture<T> run(Callable<T> call, Function<Throwable, T> onFailure) {
            T value;
            try {
                value = call.call();
            } catch (Throwable t) {
                value = onFailure.apply(t);
            }
            returned(value);
            return answered;
        }

        /** The time limit, on the timer's thread. */
        private void expire() {
            boolean leftBehind;
            synchronized (this) {
                if (decided) {
                    return;
                }
                decided = true;
                closeContext.run();
                leftBehind = onThread;
                if (leftBehind) {
                    state.overstaying.incrementAndGet();
                    thread.interrupt();
                    workers.overstayed(run);
                }
            }
            result.complete(atLimit);
            LOG.log(Level.WARNING, "[" + connectionId.get() + "] " + describe() + " did not finish within "
                    + timeoutMillis + " ms" + (leftBehind ? "; answered, and its thread left to it" : "; answered"));
            if (leftBehind) {
                passTurn.run();
            }
        }

        /**
         * The call's code returned on its thread: with its result, or null when a stage follows
         * ({@link #completed}).
         */
        void returned(T value) {
            boolean late;
            synchronized (this) {
                onThread = false;
                late = decided;
                if (!late && value != null) {
                    decided = true;
                }
            }
            if (late) {
                Thread.interrupted(); // the limit's interrupt is this call's, not the next task's
                state.overstaying.decrementAndGet();
                late();
            } else if (value != null) {
                limit.cancel();
                result.complete(value);
            }
        }

        /** The stage an asynchronous call returned completed. */
        void completed(T value) {
            boolean late;
            synchronized (this) {
                late = decided;
                decided = true;
            }
            if (late) {
                late();
            } else {
                limit.cancel();
                result.complete(value);
            }
        }

        private void late() {
            if (!lateCounted.compareAndSet(false, true)) {
                return;
            }
            metrics.handlerLate(state.type);
            LOG.log(Level.INFO, "[{0}] {1} returned {2,number,#} ms after its time limit; its outcome is dropped",
                    connectionId.get(), describe(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) - timeoutMillis);
        }

        private String describe() {
            return state == fallbackState ? "the fallback handler for '" + name + "'"
                    : states.containsKey(name) ? "handler for '" + name + "'" : name;
        }
    }
}
