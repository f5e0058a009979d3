package dev.gatehouse.redis;

import dev.gatehouse.AsyncMessageHandler;
import dev.gatehouse.ConfigSource;
import dev.gatehouse.Gatehouse;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.MessageHandler;
import dev.gatehouse.Metrics;
import dev.gatehouse.PresenceMember;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Gatehouse nodes for the tests: a standalone server on a free port configured from a map (so the
 * Redis provider is found with ServiceLoader, as in production), with handlers that let a client
 * join and leave rooms, send to a room, a user or a connection, disconnect a user, and ask for
 * presence.
 */
final class Nodes {
    private Nodes() {
    }

    /** The settings of a node on this Redis. */
    static Map<String, String> settings(String redisUri, String nodeId) {
        Map<String, String> m = new HashMap<>();
        m.put("gatehouse.jwt.secret", TestServer.SECRET);
        m.put("gatehouse.cluster.redis.uri", redisUri);
        m.put("gatehouse.cluster.node-id", nodeId);
        m.put("gatehouse.cluster.node-ttl", "3s");
        m.put("gatehouse.presence.rooms", "chat:*");
        return m;
    }

    /** Starts a node in this JVM. */
    static GatehouseServer start(Map<String, String> settings) {
        return start(settings, null);
    }

    /** Starts a node in this JVM that records its meters there (null: as without). */
    static GatehouseServer start(Map<String, String> settings, Metrics metrics) {
        Gatehouse.Builder g = Gatehouse.builder().config(GatehouseConfig.from(ConfigSource.of(settings)).build());
        if (metrics != null) {
            g.metrics(metrics);
        }
        handlers(g);
        return GatehouseServer.builder(g.build()).port(0).build().start();
    }

    /** The test handlers. */
    static void handlers(Gatehouse.Builder g) {
        g.handler(MessageHandler.of("room.join", JsonObject.class, (d, ctx) -> {
            ctx.rooms().join(d.getString("room"));
            ctx.reply("room.joined", Map.of("room", d.getString("room")));
        }));
        g.handler(MessageHandler.of("room.leave", JsonObject.class, (d, ctx) -> {
            ctx.rooms().leave(d.getString("room"));
            ctx.reply("room.left", Map.of("room", d.getString("room")));
        }));
        g.handler(MessageHandler.of("room.send", JsonObject.class,
                (d, ctx) -> ctx.connections().sendToRoom(d.getString("room"), d.getString("as", "room.msg"), d)));
        g.handler(MessageHandler.of("user.send", JsonObject.class,
                (d, ctx) -> ctx.connections().sendToUser(d.getString("user"), "user.msg", d)));
        g.handler(MessageHandler.of("conn.send", JsonObject.class,
                (d, ctx) -> ctx.connections().sendTo(d.getString("connection"), "conn.msg", d)));
        g.handler(MessageHandler.of("user.disconnect", JsonObject.class, (d, ctx) -> ctx.connections()
                .disconnectUser(d.getString("user"), d.getInt("code"), d.getString("reason"))));
        g.handler(AsyncMessageHandler.of("presence.members", JsonObject.class, (d, ctx) -> ctx.connections()
                .presence().members(d.getString("room")).thenAccept(list -> ctx.reply("presence.members",
                        Map.of("members", list.stream().map(Nodes::member).toList())))));
        g.handler(AsyncMessageHandler.of("presence.count", JsonObject.class, (d, ctx) -> ctx.connections()
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
    static Duration await(String what, Duration max, BooleanSupplier condition) {
        long start = System.nanoTime();
        long deadline = start + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + max + ": " + what);
            }
            RedisServer.sleep(20);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** A one-line JSON object for client frames. */
    static JsonObject json(Object... keysAndValues) {
        var b = jakarta.json.Json.createObjectBuilder();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object v = keysAndValues[i + 1];
            if (v instanceof Integer n) {
                b.add((String) keysAndValues[i], n);
            } else if (v instanceof Long n) {
                b.add((String) keysAndValues[i], n);
            } else {
                b.add((String) keysAndValues[i], String.valueOf(v));
            }
        }
        return b.build();
    }
}
