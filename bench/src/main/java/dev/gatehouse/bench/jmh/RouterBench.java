package dev.gatehouse.bench.jmh;

import dev.gatehouse.Connection;
import dev.gatehouse.Connections;
import dev.gatehouse.Handles;
import dev.gatehouse.MessageContext;
import dev.gatehouse.ReplyErrorCode;
import dev.gatehouse.Rooms;
import dev.gatehouse.VerifiedToken;
import dev.gatehouse.internal.HandlerMethods;
import dev.gatehouse.internal.codec.Decoded;
import dev.gatehouse.internal.codec.EnvelopeCodec;
import dev.gatehouse.internal.lifecycle.Timer;
import dev.gatehouse.internal.lifecycle.Workers;
import dev.gatehouse.internal.metrics.GatehouseMetrics;
import dev.gatehouse.internal.routing.Route;
import dev.gatehouse.internal.routing.RouteOutcome;
import dev.gatehouse.internal.routing.Router;
import dev.gatehouse.spi.Envelope;
import dev.gatehouse.spi.FrameHandler;
import jakarta.json.JsonObject;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Routing one envelope to a synchronous handler that replies (the reply goes nowhere): written as
 * the interface ({@code FrameHandler.of}) and as an annotated method returning its reply, which must
 * cost no more; and to the fallback.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RouterBench {
    /** As Gatehouse's own: a cancelled limit leaves the queue at once (else 30 s of them pile up and the GC measures). */
    private final ScheduledThreadPoolExecutor scheduler = scheduler();
    private final Timer timer = (task, delay) -> {
        var f = scheduler.schedule(task, delay, TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    };
    private final EnvelopeCodec codec = new EnvelopeCodec(32, 64);
    private final Workers workers = new Workers("handlers", 4, 64, 1024, timer, Workers.daemonThreads("bench-worker"));
    private final Router router = new Router(
            List.of(Route.of(FrameHandler.of("echo", JsonObject.class, (d, ctx) -> ctx.reply("echo", d)))),
            null, codec, timer, Duration.ofSeconds(30), workers, 64, GatehouseMetrics.none());
    private final Router annotated = new Router(HandlerMethods.routes(new Echo()),
            null, codec, timer, Duration.ofSeconds(30), workers, 64, GatehouseMetrics.none());
    private final Envelope echo = ((Decoded.Frame) codec.decode(CodecBench.FRAME)).envelope();
    private final Envelope unknown = new Envelope("nope", echo.data(), "1");
    private final MessageContext context = new NullContext();

    @Benchmark
    public CompletionStage<RouteOutcome> routeToHandler() {
        return router.route(echo, context, NOTHING, IGNORED);
    }

    @Benchmark
    public CompletionStage<RouteOutcome> routeToAnnotatedMethod() {
        return annotated.route(echo, context, NOTHING, IGNORED);
    }

    /** The same handler as an annotated method. */
    public static final class Echo {
        @Handles("echo")
        public JsonObject echo(JsonObject data) {
            return data;
        }
    }

    @Benchmark
    public CompletionStage<RouteOutcome> routeToFallback() {
        return router.route(unknown, context, NOTHING, IGNORED);
    }

    private static final Runnable NOTHING = () -> { };
    private static final Consumer<RouteOutcome> IGNORED = outcome -> { };

    private static ScheduledThreadPoolExecutor scheduler() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }

    @TearDown
    public void stop() {
        workers.shutdownNow();
        scheduler.shutdownNow();
    }

    /** A context whose replies are dropped; its connection answers only {@code token()} (the router's authorization reads it). */
    static final class NullContext implements MessageContext {
        private static final VerifiedToken TOKEN = new VerifiedToken("bench", Instant.MAX, Set.of(), Map.of());
        private static final Connection CONNECTION = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("token")) {
                        return TOKEN;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });

        @Override
        public Connection connection() {
            return CONNECTION;
        }

        @Override
        public Optional<String> messageId() {
            return Optional.of("1");
        }

        @Override
        public boolean reply(String type, Object data) {
            return true;
        }

        @Override
        public boolean replyError(ReplyErrorCode code, String message) {
            return true;
        }

        @Override
        public int sendToOtherConnections(String type, Object data) {
            return 0;
        }

        @Override
        public Rooms rooms() {
            return null;
        }

        @Override
        public Connections connections() {
            return null;
        }
    }
}
