package dev.gatehouse.redis;

import static dev.gatehouse.testkit.cluster.Inbox.isEvent;
import static dev.gatehouse.testkit.cluster.Inbox.nextOfType;
import static dev.gatehouse.testkit.cluster.ClusterNodes.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.testkit.cluster.ClusterNodes;
import dev.gatehouse.testkit.cluster.Inbox;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.PresenceCount;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two nodes on one real Redis. Connections on A that join a tracked room (each the room's first
 * member on A) and leave it at once, or close, are heard on B joining, then leaving, never the
 * other way round, and presence keeps none of them. Regression: the first member's
 * {@code member_joined} went out on the control thread after the subscription while the
 * {@code member_left} went out at once, so B often heard the leave first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuickJoinAndLeaveOverRedisIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String ROOM = "chat:quick";
    private static final int PAIRS = 30;
    private RedisServer redis;
    private GatehouseServer a;
    private GatehouseServer b;

    @BeforeAll
    void startCluster() {
        redis = RedisServer.start();
        a = ClusterNodes.start(Nodes.settings(redis.uri(), "node-a"));
        b = ClusterNodes.start(Nodes.settings(redis.uri(), "node-b"));
        ClusterNodes.await("A and B connected", WAIT, () -> a.gatehouse().clusterStatus().connected()
                && b.gatehouse().clusterStatus().connected());
    }

    @AfterAll
    void stopCluster() {
        try {
            a.stop();
            b.stop();
        } finally {
            redis.close();
        }
    }

    @Test
    void quickJoinsThenLeavesOrClosesAreHeardJoinedThenLeftAndLeaveNoGhost() throws Exception {
        try (TestClient watcher = TestClient.connectWelcomed(b.uri(), TestServer.token("watcher"))) {
            watcher.send("room.join", "w", json("room", ROOM));
            nextOfType(watcher, "room.joined", WAIT);
            List<String> quick = new ArrayList<>();
            for (int i = 0; i < PAIRS; i++) {
                try (TestClient c = TestClient.connectWelcomed(a.uri(), TestServer.token("user" + i))) {
                    quick.add(c.connectionId());
                    c.send("room.join", "j", json("room", ROOM));
                    if (i % 2 == 0) {
                        c.send("room.leave", "l", json("room", ROOM));
                        nextOfType(c, "room.left", WAIT);
                    } else {
                        nextOfType(c, "room.joined", WAIT); // then closed, by the try
                    }
                }
            }
            Map<String, List<String>> heard = new LinkedHashMap<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (heard.values().stream().mapToInt(List::size).sum() < 2 * PAIRS && System.nanoTime() < deadline) {
                JsonObject f = Inbox.poll(watcher, Duration.ofMillis(100));
                if (f != null && (isEvent(f, "member_joined") || isEvent(f, "member_left"))) {
                    JsonObject data = f.getJsonObject("data");
                    heard.computeIfAbsent(data.getString("connection_id"), k -> new ArrayList<>()).add(data.getString("event"));
                }
            }
            List<String> outOfOrder = quick.stream()
                    .filter(id -> !List.of("member_joined", "member_left").equals(heard.get(id))).toList();
            assertEquals(List.of(), outOfOrder, "heard: " + heard);
            assertEquals(new PresenceCount(1, 1), b.gatehouse().connections().presence().count(ROOM)
                    .toCompletableFuture().get(5, TimeUnit.SECONDS), "the watcher alone, no ghost");
        }
    }
}
