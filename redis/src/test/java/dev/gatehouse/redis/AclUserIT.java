package dev.gatehouse.redis;

import static dev.gatehouse.testkit.cluster.ClusterNodes.json;
import static dev.gatehouse.testkit.cluster.Inbox.nextOfType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.GatehouseServer;
import dev.gatehouse.PresenceCount;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import dev.gatehouse.testkit.cluster.ClusterNodes;
import dev.gatehouse.testkit.cluster.Inbox;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The backplane needs no more of Redis than keys and channels under its prefix and the commands of
 * {@link #ACL}: two nodes signed in as an ACL user limited to them (user name and password from
 * the settings, not the URI) run the whole cross-node flow (room frames with history, a recovery,
 * a send to a user, presence) on a server and on a cluster-mode server (sharded pub/sub, the cluster
 * client), and Redis' {@code ACL LOG} records no refusal. README "An ACL user" quotes {@link #ACL}.
 */
class AclUserIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String PASSWORD = "acl-pw-5e8";
    /** The rules of the README's ACL line, after {@code ACL SETUSER gatehouse on >password}. */
    static final String ACL = "resetkeys ~gatehouse:* resetchannels &gatehouse:* nocommands"
            + " +hello +auth +client|setname +ping +info"
            + " +publish +subscribe +unsubscribe +spublish +ssubscribe +sunsubscribe +eval +evalsha"
            + " +time +exists +del +pexpire +hget +hmget +hset +hdel +hincrby +hvals +hgetall"
            + " +sadd +srem +smembers +xadd +xrange +zadd +zremrangebyscore +zrangebyscore";
    /** What a Redis Cluster needs besides: the topology, and each node's id for pub/sub. */
    static final String ACL_CLUSTER = " +cluster|nodes +cluster|myid";

    @Test
    void theWholeFlowRunsAsAUserLimitedToTheBackplanesKeysChannelsAndCommands() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            flow(redis, redis.uri(), ACL);
        }
    }

    @Test
    void onAClusterTheUserNeedsTheClusterTopologyBesides() throws Exception {
        try (RedisServer redis = RedisServer.singleNodeCluster()) {
            flow(redis, "redis-cluster://127.0.0.1:" + redis.port(), ACL + ACL_CLUSTER);
        }
    }

    @SuppressWarnings("try") // B's client is closed early, on purpose
    private static void flow(RedisServer redis, String uri, String rules) throws Exception {
        List<String> setuser = new ArrayList<>(List.of("ACL", "SETUSER", "gatehouse", "on", ">" + PASSWORD));
        setuser.addAll(List.of(rules.split(" ")));
        String ok = redis.command(setuser.toArray(String[]::new));
        assertTrue(ok.startsWith("+OK"), ok);
        redis.command("ACL", "LOG", "RESET");
        GatehouseServer a = ClusterNodes.start(settings(uri, "aa"));
        GatehouseServer b = ClusterNodes.start(settings(uri, "ab"));
        try (TestClient onA = TestClient.connectWelcomed(a.uri(), TestServer.token("ann"));
                TestClient onB = TestClient.connectWelcomed(b.uri(), TestServer.token("ben"))) {
            ClusterNodes.await("both nodes connected as the ACL user", WAIT,
                    () -> a.gatehouse().clusterStatus().connected() && b.gatehouse().clusterStatus().connected());
            for (TestClient c : List.of(onA, onB)) {
                for (String room : List.of("h:acl", "chat:acl")) {
                    c.send("room.join", "j", json("room", room));
                    nextOfType(c, "room.joined", WAIT);
                }
            }
            JsonObject first = untilCrossed(onA, onB);
            ClusterNodes.await("presence across the nodes", WAIT, () -> new PresenceCount(2, 2)
                    .equals(a.gatehouse().connections().presence().count("chat:acl").toCompletableFuture().join()));
            assertEquals(2, b.gatehouse().connections().presence().members("chat:acl").toCompletableFuture().join().size());
            onA.send("user.send", null, json("user", "ben", "text", "direct"));
            assertEquals("direct", nextOfType(onB, "user.msg", WAIT).getJsonObject("data").getString("text"));
            // A revocation is kept in Redis as the ACL user (the nodes read the kept ones at their start).
            a.gatehouse().revocations().revokeUser("zed", java.time.Instant.now().plusSeconds(3600));

            // Recovery reads the history as the ACL user: B's client leaves, misses three frames, comes back.
            String epoch = first.getString("epoch");
            long offset = first.getJsonNumber("offset").longValue();
            String previous = onB.connectionId();
            onB.close();
            for (int n = 1; n <= 3; n++) {
                onA.send("room.send", null, json("room", "h:acl", "text", "missed " + n));
            }
            Inbox.until(onA, f -> "room.msg".equals(f.getString("type")) // A's own member gets them: in the history
                    && "missed 3".equals(f.getJsonObject("data").getString("text")), WAIT);
            try (TestClient back = TestClient.connectWelcomed(b.uri(), TestServer.token("ben"))) {
                back.send("recover", null, Json.createObjectBuilder().add("rooms", Json.createObjectBuilder()
                        .add("h:acl", Json.createObjectBuilder().add("epoch", epoch).add("offset", offset)))
                        .add("previous_connection_id", previous).build());
                back.send("room.join", "j", json("room", "h:acl"));
                List<JsonObject> seen = Inbox.until(back, f -> Inbox.isEvent(f, "room_recovery"), WAIT);
                JsonObject recovery = seen.get(seen.size() - 1).getJsonObject("data");
                assertTrue(recovery.getBoolean("recovered"), recovery.toString());
                assertTrue(recovery.getInt("replayed") >= 3, recovery.toString());
            }
            String log = redis.command("ACL", "LOG");
            assertEquals("*0\r\n", log, "Redis refused something to the ACL user: " + log);
        } finally {
            a.stop();
            b.stop();
        }
    }

    /** Room frames from A until one reaches B (B subscribes the room); that frame. */
    private static JsonObject untilCrossed(TestClient onA, TestClient onB) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            assertTrue(System.nanoTime() < deadline, "no room frame crossed");
            onA.send("room.send", null, json("room", "h:acl", "text", "crossing"));
            JsonObject f = Inbox.poll(onB, Duration.ofMillis(200));
            if (f != null && "room.msg".equals(f.getString("type"))) {
                Inbox.drain(onB, "room.msg", Duration.ofMillis(300));
                Inbox.drain(onA, "room.msg", Duration.ofMillis(10));
                return f;
            }
        }
    }

    private static Map<String, String> settings(String uri, String node) {
        Map<String, String> s = Nodes.settings(uri, node);
        s.put("gatehouse.cluster.redis.username", "gatehouse");
        s.put("gatehouse.cluster.redis.password", PASSWORD);
        s.put("gatehouse.history.rooms", "h:*");
        s.put("gatehouse.history.timeout", "5s");
        return s;
    }
}
