package dev.gatehouse.redis;

import static dev.gatehouse.testkit.cluster.Inbox.nextOfType;
import static dev.gatehouse.testkit.cluster.ClusterNodes.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.testkit.cluster.ClusterNodes;
import dev.gatehouse.testkit.cluster.Inbox;
import dev.gatehouse.Connections;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sharded pub/sub ({@code gatehouse.cluster.redis.sharded-partitions=4}) against a standalone
 * redis-server 7, which serves SPUBLISH and SSUBSCRIBE: rooms and users cross nodes as with
 * classic pub/sub, on hash-tagged shard channels and on no classic channel.
 */
class ShardedPubSubIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static void awaitRoute(Connections fromA, TestClient onB) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            fromA.sendToRoom("r:sharded", "probe", Map.of());
            JsonObject f = Inbox.poll(onB, Duration.ofMillis(50));
            if (f != null && "probe".equals(f.getString("type"))) {
                Inbox.drain(onB, "probe", Duration.ofMillis(200));
                return;
            }
            assertTrue(System.nanoTime() < deadline, "room not routed");
        }
    }

    @Test
    void roomMessagesCrossNodesExactlyOnceInOrderOverShardChannelsAlsoAfterARedisRestart() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            Map<String, String> sa = Nodes.settings(redis.uri(), "shard-a");
            Map<String, String> sb = Nodes.settings(redis.uri(), "shard-b");
            sa.put("gatehouse.cluster.redis.sharded-partitions", "4");
            sb.put("gatehouse.cluster.redis.sharded-partitions", "4");
            GatehouseServer a = ClusterNodes.start(sa);
            GatehouseServer b = ClusterNodes.start(sb);
            try (TestClient onB = TestClient.connectWelcomed(b.uri(), TestServer.token("sam"))) {
                ClusterNodes.await("connected", WAIT, () -> a.gatehouse().clusterStatus().connected()
                        && b.gatehouse().clusterStatus().connected());
                onB.send("room.join", "j", json("room", "r:sharded"));
                nextOfType(onB, "room.joined", WAIT);
                Connections fromA = a.gatehouse().connections();
                awaitRoute(fromA, onB);

                for (int n = 0; n < 1000; n++) {
                    fromA.sendToRoom("r:sharded", "room.msg", Map.of("n", n));
                }
                for (int n = 0; n < 1000; n++) {
                    assertEquals(n, nextOfType(onB, "room.msg", WAIT).getJsonObject("data").getInt("n"));
                }
                assertEquals(List.of(), Inbox.drain(onB, "room.msg", Duration.ofMillis(300)), "duplicates");
                fromA.sendToUser("sam", "user.msg", Map.of("text", "sharded"));
                assertEquals("sharded", nextOfType(onB, "user.msg", WAIT).getJsonObject("data").getString("text"));

                int roomPartition = Math.floorMod("room:r:sharded".hashCode(), 4);
                int allPartition = Math.floorMod("all".hashCode(), 4);
                String shardChannels = redis.command("PUBSUB", "SHARDCHANNELS");
                assertTrue(shardChannels.contains("gatehouse:{p" + roomPartition + "}:room:r:sharded"), shardChannels);
                assertTrue(shardChannels.contains("gatehouse:{p" + allPartition + "}:all"), shardChannels);
                String classic = redis.command("PUBSUB", "CHANNELS");
                assertFalse(classic.contains("gatehouse:"), classic);

                // After a Redis restart the shard channels are subscribed again, partition by partition.
                redis.kill();
                redis.restart();
                ClusterNodes.await("reconnected", WAIT, () -> a.gatehouse().clusterStatus().connected()
                        && b.gatehouse().clusterStatus().connected());
                awaitRoute(fromA, onB);
                fromA.sendToRoom("r:sharded", "room.msg", Map.of("n", 1000));
                assertEquals(1000, nextOfType(onB, "room.msg", WAIT).getJsonObject("data").getInt("n"));
                assertTrue(redis.command("PUBSUB", "SHARDCHANNELS").contains("gatehouse:{p" + roomPartition
                        + "}:room:r:sharded"));
            } finally {
                a.stop();
                b.stop();
            }
        }
    }
}
