package dev.gatehouse.clients.js;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.Gatehouse;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.MessageContext;
import dev.gatehouse.Metrics;
import dev.gatehouse.examples.chat.Chat;
import dev.gatehouse.spi.AsyncFrameHandler;
import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.spi.HttpGet;
import dev.gatehouse.test.TestTokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The Gatehouse standalone server the TypeScript client's Node tests run against (test/harness.ts
 * starts it with {@code java -cp}). Configured by system properties ({@code gatehouse.jwt.secret} is
 * required, so that a restarted server accepts the same tokens; {@code gatehouse.port} defaults to
 * 0); presence is tracked for {@code chat:*}. Prints {@code PORT <n>} once listening; SIGTERM stops
 * it the way the demo stops (every connection closed with 1001 {@code SERVER_SHUTDOWN}).
 *
 * <ul>
 * <li>handlers: {@code echo} (answers {@code echo} with the data), {@code fail} (throws, so
 *     {@code HANDLER_ERROR}), {@code slow} {ms} (answers {@code slow.done} after that long), the
 *     chat's {@code chat.join} / {@code chat.send}, and for rooms by their Gatehouse name (history
 *     tests, e.g. with {@code gatehouse.history.rooms=chat:*}): {@code room.join} {room} (joins the
 *     room of exactly that name, answers {@code room.joined} {room}) and {@code room.send} {room, n}
 *     ({@code room.message} {n} to the room, the sender need not be in it; no answer), and
 *     {@code user.send} {user, n} ({@code user.message} {n} to every connection of the user; no
 *     answer);</li>
 * <li>{@code GET /test/token?user=U&seconds=S&kind=valid|expired|forged}: {@code {"token"}}, minted
 *     by the test kit from the server's configuration: a token for U valid for S seconds (60 by
 *     default), one that expired a minute ago, or one signed with another key;</li>
 * <li>{@code GET /test/handshakes}: {@code {"accepted": n, "refused": n}}, the upgrade requests the
 *     server decided since it started;</li>
 * <li>{@code GET /test/cluster}: {@code {"node": id, "connected": true|false}}, whether the node's
 *     backplane is connected (with {@code gatehouse.cluster.redis.uri}: to Redis).</li>
 * </ul>
 */
public final class ClientTestServer {
    private ClientTestServer() {
    }

    /** Starts the server and waits until the JVM is stopped. */
    public static void main(String[] args) throws InterruptedException {
        ConfigSource system = ConfigSource.system();
        Map<String, String> defaults = Map.of("gatehouse.port", "0", "gatehouse.health.enabled", "false");
        ConfigSource source = name -> system.get(name).or(() -> Optional.ofNullable(defaults.get(name)));
        if (source.get("gatehouse.jwt.secret").isEmpty()) {
            throw new IllegalArgumentException("-Dgatehouse.jwt.secret is required");
        }
        GatehouseConfig.Builder configured = GatehouseConfig.from(source);
        if (source.get("gatehouse.presence.rooms").isEmpty()) {
            configured.presenceRooms(List.of(Chat.ROOMS + "*"));
        }
        GatehouseConfig config = configured.build();
        TestTokens tokens = TestTokens.forServer(config);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Gatehouse gatehouse = Gatehouse.builder().config(config)
                .metrics(Metrics.micrometer(registry))
                .handler(FrameHandler.of("echo", JsonObject.class, (data, ctx) -> ctx.reply("echo", data)))
                .handler(FrameHandler.of("fail", JsonObject.class, (data, ctx) -> {
                    throw new IllegalStateException("the fail handler always throws");
                }))
                .handler(AsyncFrameHandler.of("slow", JsonObject.class, (data, ctx) -> CompletableFuture.runAsync(
                        () -> ctx.reply("slow.done", data),
                        CompletableFuture.delayedExecutor(data == null ? 0 : data.getInt("ms", 0), TimeUnit.MILLISECONDS))))
                .handlers(new Chat())
                .handler(FrameHandler.of("room.join", JsonObject.class, ClientTestServer::joinRoom))
                .handler(FrameHandler.of("room.send", JsonObject.class, (data, ctx) -> ctx.connections()
                        .sendToRoom(data.getString("room"), "room.message", Map.of("n", data.getInt("n")))))
                .handler(FrameHandler.of("user.send", JsonObject.class, (data, ctx) -> ctx.connections()
                        .sendToUser(data.getString("user"), "user.message", Map.of("n", data.getInt("n")))))
                .build();
        GatehouseServer server = GatehouseServer.builder(gatehouse)
                .httpGet("/test/token", query -> token(tokens, query))
                .httpGet("/test/handshakes", query -> handshakes(registry))
                .httpGet("/test/cluster", query -> new HttpGet.Answer(200, "application/json", Json.createObjectBuilder()
                        .add("node", gatehouse.clusterStatus().nodeId())
                        .add("connected", gatehouse.clusterStatus().connected()).build().toString()))
                .build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "gatehouse-shutdown"));
        System.out.println("PORT " + server.port());
        System.out.flush();
        new CountDownLatch(1).await();
    }

    private static void joinRoom(JsonObject data, MessageContext ctx) {
        String room = data == null ? "" : data.getString("room", "");
        if (ctx.rooms().join(room).allowed()) {
            ctx.reply("room.joined", Map.of("room", room));
        } // else Gatehouse answered ROOM_FORBIDDEN
    }

    private static HttpGet.Answer token(TestTokens tokens, Map<String, String> query) {
        String user = query.getOrDefault("user", "alice");
        long seconds = Long.parseLong(query.getOrDefault("seconds", "60"));
        String token = switch (query.getOrDefault("kind", "valid")) {
            case "valid" -> tokens.token(user).expiresIn(Duration.ofSeconds(seconds)).compact();
            case "expired" -> tokens.expired(user);
            case "forged" -> tokens.wrongSignature(user);
            default -> null;
        };
        if (token == null) {
            return new HttpGet.Answer(400, "application/json", "{\"error_code\":\"BAD_KIND\"}");
        }
        return new HttpGet.Answer(200, "application/json", Json.createObjectBuilder().add("token", token).build().toString());
    }

    private static HttpGet.Answer handshakes(SimpleMeterRegistry registry) {
        return new HttpGet.Answer(200, "application/json", Json.createObjectBuilder()
                .add("accepted", count(registry, "accepted"))
                .add("refused", count(registry, "refused")).build().toString());
    }

    private static long count(SimpleMeterRegistry registry, String outcome) {
        return (long) registry.find("gatehouse.handshakes").tag("outcome", outcome).counters().stream()
                .mapToDouble(Counter::count).sum();
    }
}
