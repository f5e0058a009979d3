package dev.gatehouse.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import dev.gatehouse.AsyncMessageHandler;
import dev.gatehouse.BackplaneProvider;
import dev.gatehouse.ConfigSource;
import dev.gatehouse.Gatehouse;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.MessageHandler;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Gatehouse nodes for the tests: a standalone server on a free port, on a Hazelcast member it is
 * given, with handlers that join and leave rooms, send to a room or a user, and count presence.
 */
final class Nodes {
    static final Duration TTL = Duration.ofSeconds(3);

    private Nodes() {
    }

    /** The settings of a node: presence in chat:*, history in news:*. */
    static Map<String, String> settings(String nodeId) {
        Map<String, String> m = new HashMap<>();
        m.put("gatehouse.jwt.secret", TestServer.SECRET);
        m.put("gatehouse.cluster.node-id", nodeId);
        m.put("gatehouse.cluster.node-ttl", TTL.toSeconds() + "s");
        m.put("gatehouse.presence.rooms", "chat:*");
        m.put("gatehouse.history.rooms", "news:*");
        return m;
    }

    /** Starts a node in this JVM on this member (the backplane given in code). */
    static GatehouseServer start(HazelcastInstance member, String nodeId) {
        Map<String, String> settings = settings(nodeId);
        ConfigSource source = ConfigSource.of(settings);
        Gatehouse.Builder g = Gatehouse.builder().config(GatehouseConfig.from(source).build())
                .backplane(HazelcastBackplane.create(member, source, new BackplaneProvider.Node(nodeId, TTL)));
        handlers(g);
        return GatehouseServer.builder(g.build()).port(0).build().start();
    }

    /** Starts a node from settings alone (the provider found with ServiceLoader). */
    static GatehouseServer start(Map<String, String> settings) {
        Gatehouse.Builder g = Gatehouse.builder().config(GatehouseConfig.from(ConfigSource.of(settings)).build());
        handlers(g);
        return GatehouseServer.builder(g.build()).port(0).build().start();
    }

    static void handlers(Gatehouse.Builder g) {
        g.handler(MessageHandler.of("room.join", JsonObject.class, (d, ctx) -> {
            ctx.rooms().join(d.getString("room"));
            ctx.reply("room.joined", Map.of("room", d.getString("room")));
        }));
        g.handler(MessageHandler.of("room.send", JsonObject.class,
                (d, ctx) -> ctx.connections().sendToRoom(d.getString("room"), d.getString("as", "room.msg"), d)));
        g.handler(MessageHandler.of("user.send", JsonObject.class,
                (d, ctx) -> ctx.connections().sendToUser(d.getString("user"), "user.msg", d)));
        g.handler(AsyncMessageHandler.of("presence.count", JsonObject.class, (d, ctx) -> ctx.connections()
                .presence().count(d.getString("room")).thenAccept(c -> ctx.reply("presence.count",
                        Map.of("connections", c.connections(), "users", c.users())))));
    }

    /** Waits until the condition holds; fails after {@code max}. Returns how long it took. */
    static Duration await(String what, Duration max, BooleanSupplier condition) {
        long start = System.nanoTime();
        long deadline = start + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + max + ": " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

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
