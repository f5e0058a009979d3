package dev.gatehouse.hazelcast;

import static dev.gatehouse.hazelcast.Nodes.awaitRoute;
import static dev.gatehouse.hazelcast.Nodes.WAIT;
import static dev.gatehouse.hazelcast.Nodes.join;
import static dev.gatehouse.testkit.cluster.ClusterNodes.await;
import static dev.gatehouse.testkit.cluster.ClusterNodes.json;
import static dev.gatehouse.testkit.cluster.Inbox.nextOfType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ClusterStatus;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.PresenceCount;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import dev.gatehouse.testkit.cluster.Inbox;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three embedded Hazelcast members in this JVM and a Gatehouse node on each (A, B, C). Room and
 * user sends cross every node once, presence is counted in the cluster; then C's member is killed
 * ({@code terminate()}: no goodbye) while A sends room frames every 10 ms: delivery from A to B
 * goes on, a room with history loses nothing, and C's members vanish from presence within the node
 * TTL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HazelcastClusterIT {
    private Members members;
    private GatehouseServer a;
    private GatehouseServer b;
    private GatehouseServer c;
    private final List<TestClient> clients = new ArrayList<>();

    @BeforeAll
    void startCluster() {
        members = Members.start(3);
        a = Nodes.onInstance(members.get(0), "node-a");
        b = Nodes.onInstance(members.get(1), "node-b");
        c = Nodes.onInstance(members.get(2), "node-c");
        await("A, B and C connected", WAIT, () -> a.gatehouse().clusterStatus().connected()
                && b.gatehouse().clusterStatus().connected() && c.gatehouse().clusterStatus().connected());
    }

    @AfterAll
    void stopCluster() {
        for (GatehouseServer s : new GatehouseServer[] {a, b, c}) {
            if (s != null) {
                s.stop();
            }
        }
        members.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(TestClient::close);
        clients.clear();
    }

    private TestClient connect(java.net.URI uri, String user) {
        TestClient client = TestClient.connectWelcomed(uri, TestServer.token(user));
        clients.add(client);
        return client;
    }

    private static PresenceCount count(GatehouseServer node, String room) {
        return node.gatehouse().connections().presence().count(room).toCompletableFuture().join();
    }

    @Test
    @Order(1)
    void theStatusNamesTheEngineAndTheMemberTopology() {
        ClusterStatus status = a.gatehouse().clusterStatus();
        assertEquals("hazelcast", status.engine());
        assertEquals("member of cluster \"" + members.clusterName() + "\" (3 members)", status.topology());
    }

    @Test
    @Order(2)
    void roomAndUserSendsReachEveryNodeOnceAndPresenceCountsEveryNode() {
        TestClient aliceOnA = connect(a.uri(), "alice");
        TestClient bobOnB = connect(b.uri(), "bob");
        TestClient aliceOnC = connect(c.uri(), "alice");
        join(aliceOnA, "chat:one");
        join(bobOnB, "chat:one");
        join(aliceOnC, "chat:one");
        awaitRoute(a.gatehouse().connections(), "chat:one", bobOnB, aliceOnC);

        bobOnB.send("room.send", "s1", json("room", "chat:one", "text", "hello"));
        for (TestClient m : List.of(aliceOnA, bobOnB, aliceOnC)) {
            assertEquals("hello", nextOfType(m, "room.msg", WAIT).getJsonObject("data").getString("text"));
            assertEquals(List.of(), Inbox.drain(m, "room.msg", Duration.ofMillis(300)), "one copy only");
        }
        bobOnB.send("user.send", "s2", json("user", "alice", "text", "direct"));
        for (TestClient m : List.of(aliceOnA, aliceOnC)) {
            assertEquals("direct", nextOfType(m, "user.msg", WAIT).getJsonObject("data").getString("text"));
            assertEquals(List.of(), Inbox.drain(m, "user.msg", Duration.ofMillis(300)), "one copy only");
        }
        await("3 connections, 2 users in chat:one", WAIT,
                () -> count(b, "chat:one").equals(new PresenceCount(3, 2)));
        assertEquals(3, b.gatehouse().connections().presence().members("chat:one").toCompletableFuture().join().size());
    }

    @Test
    @Order(3)
    void aMemberKilledMidStreamStopsNeitherDeliveryNorHistoryAndItsNodesPresenceVanishesWithinTheTtl()
            throws Exception {
        TestClient senderOnA = connect(a.uri(), "sender");
        TestClient readerOnB = connect(b.uri(), "reader");
        TestClient carolOnC = connect(c.uri(), "carol");
        join(senderOnA, "chat:live");
        join(readerOnB, "chat:live");
        join(carolOnC, "chat:live");
        join(readerOnB, "news:live");
        join(senderOnA, "news:live");
        awaitRoute(a.gatehouse().connections(), "chat:live", readerOnB);
        await("3 members in chat:live", WAIT, () -> count(a, "chat:live").connections() == 3);

        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger sent = new AtomicInteger();
        ticker.scheduleAtFixedRate(() -> {
            int n = sent.incrementAndGet();
            a.gatehouse().connections().sendToRoom("chat:live", "tick", Map.of("n", n));
            a.gatehouse().connections().sendToRoom("news:live", "news", Map.of("n", n));
        }, 0, 10, TimeUnit.MILLISECONDS);
        List<Long> plainArrivals = new ArrayList<>();
        List<Integer> plain = new ArrayList<>();
        List<Integer> news = new ArrayList<>();
        long start = System.nanoTime();
        long killedAt = 0;
        Duration presenceGone = null;
        try {
            while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(9)) {
                if (killedAt == 0 && System.nanoTime() - start > TimeUnit.SECONDS.toNanos(1)) {
                    members.kill(2);
                    killedAt = System.nanoTime();
                }
                if (killedAt != 0 && presenceGone == null && count(a, "chat:live").connections() == 2) {
                    presenceGone = Duration.ofNanos(System.nanoTime() - killedAt);
                }
                JsonObject f = Inbox.poll(readerOnB, Duration.ofMillis(20));
                if (f == null) {
                    continue;
                }
                if ("tick".equals(f.getString("type"))) {
                    plain.add(f.getJsonObject("data").getInt("n"));
                    plainArrivals.add(System.nanoTime());
                } else if ("news".equals(f.getString("type"))) {
                    news.add(f.getJsonObject("data").getInt("n"));
                }
            }
        } finally {
            ticker.shutdownNow();
            ticker.awaitTermination(1, TimeUnit.SECONDS);
        }
        int last = sent.get();
        news.addAll(Inbox.drain(readerOnB, "news", Duration.ofMillis(500)).stream()
                .map(f -> f.getJsonObject("data").getInt("n")).toList());
        long maxGapMs = 0;
        for (int i = 1; i < plainArrivals.size(); i++) {
            maxGapMs = Math.max(maxGapMs, (plainArrivals.get(i) - plainArrivals.get(i - 1)) / 1_000_000);
        }
        int plainLost = last - plain.size();
        System.out.printf("member killed mid-stream: %d frames sent, plain room: %d received (largest gap %d ms),"
                + " history room: %d received, %d missing; presence of the killed node gone after %d ms%n",
                last, plain.size(), maxGapMs, news.size(), last - new HashSet<>(news).size(),
                presenceGone == null ? -1 : presenceGone.toMillis());
        assertTrue(presenceGone != null && presenceGone.compareTo(Nodes.TTL.plusSeconds(2)) < 0,
                "presence of the killed node gone within the TTL: " + presenceGone);
        assertTrue(isIncreasing(plain), "plain room in order");
        assertTrue(plainLost <= 5, plainLost + " plain frames lost");
        assertEquals(news.size(), new HashSet<>(news).size(), "history room: no duplicate");
        assertTrue(isIncreasing(news), "history room in order");
        assertTrue(last - news.size() <= 2, "history room: " + (last - news.size()) + " frames missing");
    }

    private static boolean isIncreasing(List<Integer> l) {
        for (int i = 1; i < l.size(); i++) {
            if (l.get(i) <= l.get(i - 1)) {
                return false;
            }
        }
        return true;
    }
}
