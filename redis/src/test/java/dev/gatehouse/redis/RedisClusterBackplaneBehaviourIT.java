package dev.gatehouse.redis;

import static dev.gatehouse.testkit.cluster.ClusterNodes.json;
import static dev.gatehouse.testkit.cluster.Inbox.nextOfType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.GatehouseServer;
import dev.gatehouse.PresenceCount;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import dev.gatehouse.testkit.cluster.BackplaneBehaviour;
import dev.gatehouse.testkit.cluster.ClusterNodes;
import dev.gatehouse.testkit.cluster.Engine;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The backplane behaviour suite on a Redis Cluster of three shards, each primary with a replica
 * ({@link RedisClusterEngine}, made by {@code redis-cli --cluster create}), its stop killing every
 * node; then a node new to the cluster subscribing and sending on every shard at once; then the primary holding a room with history killed (SIGKILL) while node A
 * sends to it every 10 ms ({@link FailoverRun}), its replica taking over.
 */
class RedisClusterBackplaneBehaviourIT extends BackplaneBehaviour {
    private RedisClusterSet cluster;

    @Override
    protected Engine startEngine() {
        RedisClusterEngine engine = RedisClusterEngine.launch();
        cluster = engine.cluster();
        return engine;
    }

    /** The shard channel of a room: sharded pub/sub is on in a cluster, 16 partitions by default. */
    private static String channel(String room) {
        return "gatehouse:{p" + Math.floorMod(("room:" + room).hashCode(), 16) + "}:room:" + room;
    }

    /**
     * A node new to the cluster, whose connections to the shards Lettuce opens on first use: it
     * joins a room on every shard and sends to each at once. Every SSUBSCRIBE lands on the primary
     * owning its channel's slot and every first frame crosses to node A, with no outage reported and
     * nothing unpublished (a command that waited for its shard's connection to open was refused,
     * as while disconnected, which looked like an outage and lost the frame).
     */
    @Test
    @Order(9)
    void aNewNodeSubscribesAndSendsOnEveryShardAtOnceWithoutAnOutage() {
        assertEquals("cluster of 3 seeds, 3 shards", nodeA().gatehouse().clusterStatus().topology());
        Map<RedisServer, String> rooms = new LinkedHashMap<>(); // a room whose channel is on each primary
        for (int i = 0; rooms.size() < 3; i++) {
            rooms.putIfAbsent(cluster.primaryOf(channel("chat:s" + i)), "chat:s" + i);
        }
        List<String> outages = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (String.valueOf(r.getMessage()).contains("cross-node delivery stopped")) {
                    outages.add(String.valueOf(r.getParameters()[0]));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        try (TestClient onA = TestClient.connectWelcomed(nodeA().uri(), TestServer.token("ann"))) {
            for (Map.Entry<RedisServer, String> room : rooms.entrySet()) {
                onA.send("room.join", "j", json("room", room.getValue()));
                nextOfType(onA, "room.joined", WAIT);
                ClusterNodes.await(room.getValue() + " subscribed on its shard", WAIT, () -> RedisClusterSet
                        .shardSubscribers(room.getKey(), channel(room.getValue())) == 1);
            }
            Logger.getLogger("").addHandler(capture);
            GatehouseServer d = ClusterNodes.start(settings("node-d"));
            try (TestClient onD = TestClient.connectWelcomed(d.uri(), TestServer.token("dan"))) {
                ClusterNodes.await("node D connected", WAIT, () -> d.gatehouse().clusterStatus().connected());
                for (String room : rooms.values()) {
                    onD.send("room.join", "j", json("room", room));
                    nextOfType(onD, "room.joined", WAIT);
                    d.gatehouse().connections().sendToRoom(room, "room.msg", Map.of("room", room));
                }
                Set<String> crossed = new HashSet<>();
                for (int i = 0; i < rooms.size(); i++) {
                    crossed.add(nextOfType(onA, "room.msg", WAIT).getJsonObject("data").getString("room"));
                }
                assertEquals(Set.copyOf(rooms.values()), crossed);
                for (Map.Entry<RedisServer, String> room : rooms.entrySet()) {
                    ClusterNodes.await(room.getValue() + " subscribed by both nodes on its shard", WAIT, () ->
                            RedisClusterSet.shardSubscribers(room.getKey(), channel(room.getValue())) == 2);
                }
                String first = rooms.values().iterator().next();
                ClusterNodes.await("presence across the nodes", WAIT, () -> new PresenceCount(2, 2).equals(nodeA()
                        .gatehouse().connections().presence().count(first).toCompletableFuture().join()));
                assertEquals(0, d.gatehouse().clusterStatus().unpublished(), "frames node D could not publish");
            } finally {
                Logger.getLogger("").removeHandler(capture);
                d.stop();
            }
        }
        assertEquals(List.of(), outages, "nodes that reported an outage");
    }

    @Test
    @Order(10)
    void thePrimaryOfARoomKilledMidStreamIsReplacedByItsReplicaAndDeliveryResumes() throws Exception {
        cluster.awaitReplicasInSync(WAIT.multipliedBy(3));
        String channel = channel(FailoverRun.ROOM);
        RedisServer owner = cluster.primaryOf(channel);
        FailoverRun.Figures f = FailoverRun.failover(nodeA(), nodeB(), () -> {
            owner.kill();
            cluster.awaitFailoverFrom(owner, channel, WAIT.multipliedBy(3));
        }, () -> RedisClusterSet.shardSubscribers(cluster.primaryOf(channel), channel) == 1);
        System.out.println(f.line("cluster (the room's primary killed, SIGKILL)"));
        assertTrue(f.outageMs() < 20_000, f.line("too long"));
        ClusterNodes.await("both nodes connected again", WAIT, () -> nodeA().gatehouse().clusterStatus().connected()
                && nodeB().gatehouse().clusterStatus().connected());
    }
}
