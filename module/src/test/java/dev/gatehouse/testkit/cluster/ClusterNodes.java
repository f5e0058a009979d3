package dev.gatehouse.testkit.cluster;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.Gatehouse;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.Metrics;
import dev.gatehouse.PresenceMember;
import dev.gatehouse.spi.AsyncFrameHandler;
import dev.gatehouse.spi.FrameHandler;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Gatehouse nodes for cluster tests: a standalone server on a free port configured from a map (so
 * the backplane provider is found with ServiceLoader, as in production), with handlers that let a
 * client join and leave rooms, send to a room, a user, a connection or everyone, disconnect a
 * user, and ask for presence.
 */
public final class ClusterNodes {
    private ClusterNodes() {
    }

    /**
     * Starts a node in this JVM and waits until it admits handshakes: its backplane's kept
     * revocations read, or no longer waited for ({@code gatehouse-revocations} not DOWN).
     */
    public static GatehouseServer start(Map<String, String> settings) {
        return start(settings, null);
    }

    /** As {@link #start(Map)}, recording the node's meters there (null: as without). */
    public static GatehouseServer start(Map<String, String> settings, Metrics metrics) {
        return ready(startNow(settings, metrics));
    }

    /**
     * Waits until a started node admits handshakes: its backplane's kept revocations read, or no
     * longer waited for ({@code gatehouse-revocations} not DOWN); until then it refuses them (503).
     *
     * @return the node
     */
    public static GatehouseServer ready(GatehouseServer server) {
        await("node " + server.gatehouse().config().nodeId() + " to read its revocations", Duration.ofSeconds(30),
                () -> !health(server).contains(REVOCATIONS_DOWN));
        return server;
    }

    /** Starts a node in this JVM and returns at once: it may refuse handshakes (503) until it read its revocations. */
    public static GatehouseServer startNow(Map<String, String> settings, Metrics metrics) {
        Gatehouse.Builder g = Gatehouse.builder().config(GatehouseConfig.from(ConfigSource.of(settings)).build());
        if (metrics != null) {
            g.metrics(metrics);
        }
        handlers(g);
        return GatehouseServer.builder(g.build()).port(0).build().start();
    }

    private static final String REVOCATIONS_DOWN = "{\"name\":\"gatehouse-revocations\",\"status\":\"DOWN\"";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** {@return the body of the node's {@code /health/ready}} */
    public static String health(GatehouseServer server) {
        try {
            return HTTP.send(HttpRequest.newBuilder(server.httpUri().resolve("/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("/health/ready of " + server.httpUri(), e);
        }
    }

    /** The test handlers. */
    public static void handlers(Gatehouse.Builder g) {
        g.handler(FrameHandler.of("room.join", JsonObject.class, (d, ctx) -> {
            ctx.rooms().join(d.getString("room"));
            ctx.reply("room.joined", Map.of("room", d.getString("room")));
        }));
        g.handler(FrameHandler.of("room.leave", JsonObject.class, (d, ctx) -> {
            ctx.rooms().leave(d.getString("room"));
            ctx.reply("room.left", Map.of("room", d.getString("room")));
        }));
        g.handler(FrameHandler.of("room.send", JsonObject.class,
                (d, ctx) -> ctx.connections().sendToRoom(d.getString("room"), d.getString("as", "room.msg"), d)));
        g.handler(FrameHandler.of("user.send", JsonObject.class,
                (d, ctx) -> ctx.connections().sendToUser(d.getString("user"), "user.msg", d)));
        g.handler(FrameHandler.of("conn.send", JsonObject.class,
                (d, ctx) -> ctx.connections().sendTo(d.getString("connection"), "conn.msg", d)));
        g.handler(FrameHandler.of("all.send", JsonObject.class,
                (d, ctx) -> ctx.connections().broadcast("all.msg", d)));
        g.handler(FrameHandler.of("user.disconnect", JsonObject.class, (d, ctx) -> ctx.connections()
                .disconnectUser(d.getString("user"), d.getInt("code"), d.getString("reason"))));
        g.handler(AsyncFrameHandler.of("presence.members", JsonObject.class, (d, ctx) -> ctx.connections()
                .presence().members(d.getString("room")).thenAccept(list -> ctx.reply("presence.members",
                        Map.of("members", list.stream().map(ClusterNodes::member).toList())))));
        g.handler(AsyncFrameHandler.of("presence.count", JsonObject.class, (d, ctx) -> ctx.connections()
                .presence().count(d.getString("room")).thenAccept(c -> ctx.reply("presence.count",
                        Map.of("connections", c.connections(), "users", c.users())))));
    }

    private static Map<String, String> member(PresenceMember m) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("user", m.userId());
        out.put("connection", m.connectionId());
        out.put("node", m.nodeId());
        return out;
    }

    /** Waits until the condition holds; fails after {@code max}. Returns how long it took. */
    public static Duration await(String what, Duration max, BooleanSupplier condition) {
        long start = System.nanoTime();
        long deadline = start + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + max + ": " + what);
            }
            pause(20);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Waits for the time to pass, whatever interrupts the thread meanwhile. */
    public static void pause(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (long left = millis; left > 0; left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(left));
        }
    }

    /** A one-line JSON object for client frames: numbers stay numbers, the rest become strings. */
    public static JsonObject json(Object... keysAndValues) {
        JsonObjectBuilder b = Json.createObjectBuilder();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            String key = (String) keysAndValues[i];
            Object v = keysAndValues[i + 1];
            if (v instanceof Integer n) {
                b.add(key, n);
            } else if (v instanceof Long n) {
                b.add(key, n);
            } else {
                b.add(key, String.valueOf(v));
            }
        }
        return b.build();
    }
}
