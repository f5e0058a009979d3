package dev.gatehouse.redis;

import static dev.gatehouse.redis.Inbox.nextOfType;
import static dev.gatehouse.redis.Nodes.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ClusterStatus;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.PresenceCount;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two nodes on a Redis Cluster of three shards, each primary with a replica ({@link RedisClusterSet},
 * made by {@code redis-cli --cluster create}): rooms whose channels fall on different shards cross
 * the nodes, each SSUBSCRIBE sits on the primary owning its channel's slot, presence counts across
 * nodes; then the primary holding a room with history is killed (SIGKILL) while node A sends to it
 * every 10 ms ({@link FailoverRun}), and its replica takes over.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisClusterFailoverIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private RedisClusterSet cluster;
    private GatehouseServer a;
    private GatehouseServer b;

    @BeforeAll
    void start() {
        cluster = RedisClusterSet.start();
        a = Nodes.start(settings("ca"));
        b = Nodes.start(settings("cb"));
        Nodes.await("both nodes connected to the cluster", WAIT,
                () -> a.gatehouse().clusterStatus().connected() && b.gatehouse().clusterStatus().connected());
    }

    private Map<String, String> settings(String node) {
        Map<String, String> s = Nodes.settings(cluster.uri(), node);
        s.put("gatehouse.history.rooms", "h:*");
        s.put("gatehouse.history.timeout", "5s");
        return s;
    }

    @AfterAll
    void stop() {
        try {
            if (a != null) {
                a.stop();
            }
            if (b != null) {
                b.stop();
            }
        } finally {
            cluster.close();
        }
    }

    /** The shard channel of a room: sharded pub/sub is on in a cluster, 16 partitions by default. */
    private static String channel(String room) {
        return "gatehouse:{p" + Math.floorMod(("room:" + room).hashCode(), 16) + "}:room:" + room;
    }

    @Test
    @Order(1)
    void roomsOnEveryShardCrossTheNodesEachSubscriptionOnTheShardThatOwnsIt() {
        ClusterStatus status = a.gatehouse().clusterStatus();
        assertEquals("redis", status.engine());
        assertEquals("cluster of 3 seeds, 3 shards", status.topology());
        List<String> rooms = List.of("chat:c1", "chat:c2", "chat:c3", "chat:c4", "chat:c5", "chat:c6", "chat:c7");
        Set<RedisServer> shards = new HashSet<>();
        rooms.forEach(r -> shards.add(cluster.primaryOf(channel(r))));
        assertTrue(shards.size() >= 2, "the rooms' channels fall on " + shards.size() + " shard(s)");
        try (TestClient onA = TestClient.connectWelcomed(a.uri(), TestServer.token("ann"));
                TestClient onB = TestClient.connectWelcomed(b.uri(), TestServer.token("ben"))) {
            for (String room : rooms) {
                onB.send("room.join", "j", json("room", room));
                nextOfType(onB, "room.joined", WAIT);
            }
            onA.send("room.join", "j", json("room", "chat:c1"));
            nextOfType(onA, "room.joined", WAIT);
            for (String room : rooms) {
                Nodes.await(room + " subscribed on its shard", WAIT,
                        () -> RedisClusterSet.shardSubscribers(cluster.primaryOf(channel(room)), channel(room)) >= 1);
                onA.send("room.send", null, json("room", room, "text", "to " + room));
                JsonObject m = nextOfType(onB, "room.msg", WAIT);
                assertEquals("to " + room, m.getJsonObject("data").getString("text"));
            }
            onA.send("user.send", null, json("user", "ben", "text", "direct"));
            assertEquals("direct", nextOfType(onB, "user.msg", WAIT).getJsonObject("data").getString("text"));
            Nodes.await("presence of chat:c1 across the nodes", WAIT, () -> new PresenceCount(2, 2)
                    .equals(a.gatehouse().connections().presence().count("chat:c1").toCompletableFuture().join()));
        }
    }

    @Test
    @Order(2)
    void thePrimaryOfARoomKilledMidStreamIsReplacedByItsReplicaAndDeliveryResumes() throws Exception {
        String channel = channel(FailoverRun.ROOM);
        RedisServer owner = cluster.primaryOf(channel);
        FailoverRun.Figures f = FailoverRun.failover(a, b, () -> {
            owner.kill();
            cluster.awaitFailoverFrom(owner, channel, WAIT);
        }, () -> RedisClusterSet.shardSubscribers(cluster.primaryOf(channel), channel) == 1);
        System.out.println(f.line("cluster (the room's primary killed, SIGKILL)"));
        assertTrue(f.outageMs() < 20_000, f.line("too long"));
        Nodes.await("both nodes connected again", WAIT,
                () -> a.gatehouse().clusterStatus().connected() && b.gatehouse().clusterStatus().connected());
    }
}
