package dev.gatehouse.redis;

import static dev.gatehouse.testkit.cluster.Inbox.nextOfType;
import static dev.gatehouse.testkit.cluster.ClusterNodes.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.testkit.cluster.ClusterNodes;
import dev.gatehouse.testkit.cluster.Inbox;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.PresenceCount;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A redis-server in cluster mode holding every slot (a one-node Redis Cluster): Redis refuses
 * what a cluster refuses (a sharded command or a script whose names span slots), so this shows
 * that the sharded channels, one SSUBSCRIBE per partition, and the presence scripts' hash-tagged
 * keys fit a cluster. It does not show routing between shards: see docs/RUNNING-SEVERAL-NODES.md.
 */
class ShardedOnClusterModeIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static void awaitRoutes(GatehouseServer from, TestClient to, List<String> rooms) {
        for (String room : rooms) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                from.gatehouse().connections().sendToRoom(room, "probe", Map.of("room", room));
                JsonObject f = Inbox.poll(to, Duration.ofMillis(50));
                if (f != null && "probe".equals(f.getString("type"))
                        && room.equals(f.getJsonObject("data").getString("room"))) {
                    break;
                }
                assertTrue(System.nanoTime() < deadline, room + " not routed");
            }
        }
        Inbox.drain(to, "probe", Duration.ofMillis(200));
    }

    @Test
    void roomsUsersAndPresenceWorkOnAClusterModeRedisWithShardedPubSub() {
        try (RedisServer redis = RedisServer.singleNodeCluster()) {
            Map<String, String> sa = Nodes.settings(redis.uri(), "cl-a");
            Map<String, String> sb = Nodes.settings(redis.uri(), "cl-b");
            sa.put("gatehouse.cluster.redis.sharded-partitions", "8");
            sb.put("gatehouse.cluster.redis.sharded-partitions", "8");
            GatehouseServer a = ClusterNodes.start(sa);
            GatehouseServer b = ClusterNodes.start(sb);
            try (TestClient onA = TestClient.connectWelcomed(a.uri(), TestServer.token("kim"));
                    TestClient onB = TestClient.connectWelcomed(b.uri(), TestServer.token("lou"))) {
                ClusterNodes.await("connected", WAIT, () -> a.gatehouse().clusterStatus().connected()
                        && b.gatehouse().clusterStatus().connected());
                // Rooms in several partitions, so the resubscription groups channels of several slots.
                List<String> rooms = List.of("chat:c1", "chat:c2", "chat:c3", "chat:c4", "chat:c5");
                assertTrue(rooms.stream().map(r -> Math.floorMod(("room:" + r).hashCode(), 8)).distinct().count() > 2,
                        "the rooms span several partitions");
                for (String room : rooms) {
                    onB.send("room.join", "j", json("room", room));
                    nextOfType(onB, "room.joined", WAIT);
                }
                onA.send("room.join", "j", json("room", "chat:c1"));
                nextOfType(onA, "room.joined", WAIT);
                awaitRoutes(a, onB, rooms);
                // The pub/sub connections dropped: every room is subscribed again at once, one SSUBSCRIBE
                // per partition (Redis in cluster mode refuses one naming several slots: checked below).
                String killed = redis.command("CLIENT", "KILL", "TYPE", "pubsub");
                assertTrue(killed.startsWith(":"), killed);
                awaitRoutes(a, onB, rooms);
                ClusterNodes.await("connected again", WAIT, () -> a.gatehouse().clusterStatus().connected()
                        && b.gatehouse().clusterStatus().connected());
                String crossSlot = redis.command("SSUBSCRIBE", "gatehouse:{p0}:x", "gatehouse:{p1}:x");
                assertTrue(crossSlot.startsWith("-CROSSSLOT"), "a cluster-mode Redis refuses cross-slot SSUBSCRIBE: "
                        + crossSlot);
                ClusterNodes.await("presence counted on a cluster-mode Redis", WAIT, () -> new PresenceCount(2, 2).equals(
                        a.gatehouse().connections().presence().count("chat:c1").toCompletableFuture().join()));
                assertEquals(2, b.gatehouse().connections().presence().members("chat:c1").toCompletableFuture().join()
                        .size());
                a.gatehouse().connections().sendToUser("lou", "user.msg", Map.of("text", "cluster mode"));
                assertEquals("cluster mode", nextOfType(onB, "user.msg", WAIT).getJsonObject("data").getString("text"));
                String slots = redis.command("PUBSUB", "SHARDCHANNELS");
                assertTrue(slots.contains("gatehouse:{p"), slots);
            } finally {
                a.stop();
                b.stop();
            }
        }
    }
}
