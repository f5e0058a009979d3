package dev.gatehouse.client.harness;

import dev.gatehouse.Gatehouse;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.Metrics;
import dev.gatehouse.examples.chat.Chat;
import dev.gatehouse.spi.AsyncFrameHandler;
import dev.gatehouse.spi.FrameHandler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A real standalone Gatehouse server on 127.0.0.1 for the client's tests, with the handlers they
 * talk to, a meter registry that counts its handshakes across restarts, and a restart on the same port.
 *
 * <ul>
 * <li>{@code echo}: answers {@code echo} with the same data.</li>
 * <li>{@code boom}: throws (answered with {@code HANDLER_ERROR}).</li>
 * <li>{@code slow} {ms}: answers {@code slow.done} after {@code ms} milliseconds.</li>
 * <li>{@code chat.join}, {@code chat.send}: the chat example's (presence tracked for {@code chat:*}).</li>
 * </ul>
 */
public final class TestGatehouse implements AutoCloseable {
    /** The HS256 secret the server trusts. */
    public static final String SECRET = "client-test-secret-of-at-least-256-bits!!!!!";

    private volatile UnaryOperator<GatehouseConfig.Builder> config;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private volatile GatehouseServer server;
    private volatile int port;

    private TestGatehouse(UnaryOperator<GatehouseConfig.Builder> config) {
        this.config = config;
    }

    /** {@return a started server with the default configuration} */
    public static TestGatehouse start() {
        return start(UnaryOperator.identity());
    }

    /**
     * {@return a started server}
     *
     * @param config adjusts the configuration
     */
    public static TestGatehouse start(UnaryOperator<GatehouseConfig.Builder> config) {
        TestGatehouse t = new TestGatehouse(config);
        t.launch(0);
        return t;
    }

    private void launch(int onPort) {
        GatehouseConfig c = config.apply(GatehouseConfig.builder().hmacSecret(SECRET)
                .presenceRooms(List.of(Chat.ROOMS + "*"))).build();
        Gatehouse g = Gatehouse.builder().config(c).metrics(Metrics.micrometer(registry))
                .handler(FrameHandler.of("echo", JsonObject.class, (data, ctx) -> ctx.reply("echo", data)))
                .handler(FrameHandler.of("boom", JsonObject.class, (data, ctx) -> {
                    throw new IllegalStateException("boom, as asked");
                }))
                .handler(AsyncFrameHandler.of("slow", JsonObject.class, (data, ctx) -> CompletableFuture.runAsync(
                        () -> ctx.reply("slow.done", Map.of()),
                        CompletableFuture.delayedExecutor(data.getInt("ms", 1000), TimeUnit.MILLISECONDS))))
                .handlers(new Chat())
                .build();
        server = GatehouseServer.builder(g).port(onPort).build().start();
        port = server.port();
    }

    /** {@return the endpoint} */
    public URI uri() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    /** {@return the port, the same across restarts} */
    public int port() {
        return port;
    }

    /** {@return the running server} */
    public GatehouseServer server() {
        return server;
    }

    /** Stops the server: its connections are closed with 1001 {@code SERVER_SHUTDOWN}. */
    public void stop() {
        server.stop();
    }

    /**
     * Starts a new server on the same port with another configuration (after {@link #stop()}).
     *
     * @param changed the configuration from now on
     */
    public void restart(UnaryOperator<GatehouseConfig.Builder> changed) {
        this.config = changed;
        restart();
    }

    /** Starts a new server on the same port (after {@link #stop()}), retrying while the port is still held. */
    public void restart() {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                launch(port);
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Waits.pause(Duration.ofMillis(200));
            }
        }
    }

    /**
     * {@return how many upgrade requests the server (and its earlier runs) decided with this outcome}
     *
     * @param outcome {@code accepted} or {@code refused}
     */
    public long handshakes(String outcome) {
        return Math.round(registry.find("gatehouse.handshakes").tag("outcome", outcome).counters().stream()
                .mapToDouble(Counter::count).sum());
    }

    /** {@return every upgrade request the server (and its earlier runs) decided} */
    public long handshakes() {
        return handshakes("accepted") + handshakes("refused");
    }

    @Override
    public void close() {
        server.stop();
    }
}
