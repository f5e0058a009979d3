package dev.gatehouse.hazelcast;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import dev.gatehouse.ConfigSource;
import dev.gatehouse.Connections;
import dev.gatehouse.Gatehouse;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.spi.BackplaneProvider;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import dev.gatehouse.testkit.cluster.ClusterNodes;
import dev.gatehouse.testkit.cluster.Inbox;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the kit's {@link ClusterNodes} does not: a node on a Hazelcast instance the test gives in
 * code ({@link HazelcastBackplane#create}), the settings the Hazelcast tests share, and a client's
 * join to a room and the wait for the room's route.
 */
final class Nodes {
    static final Duration TTL = Duration.ofSeconds(3);
    /** Patience for what crosses nodes. */
    static final Duration WAIT = Duration.ofSeconds(10);

    private Nodes() {
    }

    /** The settings of a node: presence in chat:*, history in news:* and log:*. */
    static Map<String, String> settings(String nodeId) {
        Map<String, String> m = new HashMap<>();
        m.put("gatehouse.jwt.secret", TestServer.SECRET);
        m.put("gatehouse.cluster.secret", TestServer.CLUSTER_SECRET);
        m.put("gatehouse.cluster.node-id", nodeId);
        m.put("gatehouse.cluster.node-ttl", TTL.toSeconds() + "s");
        m.put("gatehouse.presence.rooms", "chat:*");
        m.put("gatehouse.history.rooms", "news:*,log:*");
        m.put("gatehouse.history.timeout", "5s"); // a busy machine: no "unavailable" from a slow read
        return m;
    }

    /** Starts a node in this JVM on this instance (the backplane given in code), with the kit's handlers. */
    static GatehouseServer onInstance(HazelcastInstance instance, String nodeId) {
        ConfigSource source = ConfigSource.of(settings(nodeId));
        Gatehouse.Builder g = Gatehouse.builder().config(GatehouseConfig.from(source).build())
                .backplane(HazelcastBackplane.create(instance, source, new BackplaneProvider.Node(nodeId, TTL)));
        ClusterNodes.handlers(g);
        return ClusterNodes.ready(GatehouseServer.builder(g.build()).port(0).build().start());
    }

    /** Joins the client to a room and waits for the node's answer. */
    static void join(TestClient client, String room) {
        client.send("room.join", "j-" + room, ClusterNodes.json("room", room));
        Inbox.nextOfType(client, "room.joined", WAIT);
    }

    /** Sends probes from {@code sender} to a room until every member got one, then drops what they got. */
    static void awaitRoute(Connections sender, String room, TestClient... members) {
        Set<TestClient> waiting = new HashSet<>(List.of(members));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!waiting.isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "room " + room + " not routed to every member within " + WAIT);
            sender.sendToRoom(room, "probe", Map.of());
            for (TestClient m : List.copyOf(waiting)) {
                JsonObject f = Inbox.poll(m, Duration.ofMillis(50));
                if (f != null && "probe".equals(f.getString("type"))) {
                    waiting.remove(m);
                }
            }
        }
        for (TestClient m : members) {
            Inbox.drain(m, "probe", Duration.ofMillis(200));
        }
    }
}
