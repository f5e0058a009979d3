package dev.gatehouse.redis;

import static dev.gatehouse.redis.Inbox.isEvent;
import static dev.gatehouse.redis.Inbox.nextOfType;
import static dev.gatehouse.redis.Nodes.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ClusterStatus;
import dev.gatehouse.Connections;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.PresenceCount;
import dev.gatehouse.PresenceMember;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three nodes on one real Redis: A and B in this JVM, C in a JVM of its own (killed in the last
 * test). Sends to users, rooms and connections, disconnects and presence cross every node once;
 * Redis killed and restarted mid-stream pauses cross-node delivery only, which resumes by itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterOverRedisIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private RedisServer redis;
    private GatehouseServer a;
    private GatehouseServer b;
    private ForkedNode c;
    private final List<TestClient> clients = new ArrayList<>();

    @BeforeAll
    void startCluster() throws Exception {
        redis = RedisServer.start();
        c = ForkedNode.start(Nodes.settings(redis.uri(), "node-c")); // forks first: its JVM starts meanwhile
        a = Nodes.start(Nodes.settings(redis.uri(), "node-a"));
        b = Nodes.start(Nodes.settings(redis.uri(), "node-b"));
        Nodes.await("A and B connected", WAIT, () -> a.gatehouse().clusterStatus().connected()
                && b.gatehouse().clusterStatus().connected());
    }

    @AfterAll
    void stopCluster() throws Exception {
        try {
            if (a != null) {
                a.stop();
            }
            if (b != null) {
                b.stop();
            }
        } finally {
            if (c != null) {
                c.close();
            }
            redis.close();
        }
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

    private static void join(TestClient client, String room) {
        client.send("room.join", "j-" + room, json("room", room));
        nextOfType(client, "room.joined", WAIT);
    }

    /** Sends probes from {@code sender} to a room until every member got one: their nodes subscribe the room. */
    private static void awaitRoute(Connections sender, String room, TestClient... members) {
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
    }

    @Test
    @Order(1)
    void aUsersConnectionsOnTwoNodesGetOneCopyEachOfASendFromAThird() {
        TestClient aliceOnA = connect(a.uri(), "alice");
        TestClient aliceOnB = connect(b.uri(), "alice");
        TestClient carolOnC = connect(c.uri(), "carol");

        carolOnC.send("user.send", null, json("user", "alice", "text", "hi"));

        for (TestClient alice : List.of(aliceOnA, aliceOnB)) {
            JsonObject m = nextOfType(alice, "user.msg", WAIT);
            assertEquals("hi", m.getJsonObject("data").getString("text"));
            alice.assertNothingWithin(Duration.ofMillis(300));
        }
        carolOnC.assertNothingWithin(Duration.ofMillis(100));
    }

    @Test
    @Order(2)
    void aThousandRoomMessagesFromOneNodeReachTheMembersOnTheOtherTwoExactlyOnceInOrder() {
        TestClient onB = connect(b.uri(), "bea");
        TestClient onC = connect(c.uri(), "cid");
        join(onB, "r:order");
        join(onC, "r:order");
        Connections fromA = a.gatehouse().connections();
        awaitRoute(fromA, "r:order", onB, onC);

        long publishesBefore = publishCalls();
        for (int n = 0; n < 1000; n++) {
            fromA.sendToRoom("r:order", "room.msg", Map.of("n", n));
        }

        for (TestClient member : List.of(onB, onC)) {
            for (int n = 0; n < 1000; n++) {
                assertEquals(n, nextOfType(member, "room.msg", WAIT).getJsonObject("data").getInt("n"));
            }
            assertEquals(List.of(), Inbox.drain(member, "room.msg", Duration.ofMillis(300)), "duplicates");
        }
        // One PUBLISH per send, whatever the number of nodes and members.
        assertEquals(1000, publishCalls() - publishesBefore);
    }

    /** How many PUBLISH commands Redis executed so far. */
    private long publishCalls() {
        String stats = redis.command("INFO", "commandstats");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("cmdstat_publish:calls=(\\d+)").matcher(stats);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    @Test
    @Order(3)
    void aSendToAConnectionOnAnotherNodeReachesItAndOnlyIt() {
        TestClient target = connect(b.uri(), "tom");
        TestClient sameUserElsewhere = connect(a.uri(), "tom");
        TestClient fromC = connect(c.uri(), "cid");

        assertTrue(a.gatehouse().connections().sendTo(target.connectionId(), "conn.msg", Map.of("from", "a")));
        assertEquals("a", nextOfType(target, "conn.msg", WAIT).getJsonObject("data").getString("from"));
        fromC.send("conn.send", null, json("connection", target.connectionId(), "from", "c"));
        assertEquals("c", nextOfType(target, "conn.msg", WAIT).getJsonObject("data").getString("from"));

        target.assertNothingWithin(Duration.ofMillis(300));
        sameUserElsewhere.assertNothingWithin(Duration.ofMillis(100));
    }

    @Test
    @Order(4)
    void disconnectUserClosesTheUsersConnectionsOnEveryNodeWithTheCodeAndReason() {
        TestClient onA = connect(a.uri(), "dave");
        TestClient onB = connect(b.uri(), "dave");
        TestClient onC = connect(c.uri(), "dave");
        TestClient other = connect(c.uri(), "erin");

        onC.send("user.disconnect", null, json("user", "dave", "code", 4001, "reason", "BANNED"));

        onA.assertClosed(4001, "BANNED");
        onB.assertClosed(4001, "BANNED");
        onC.assertClosed(4001, "BANNED");
        other.assertOpen();
    }

    @Test
    @Order(5)
    void redisKilledAndRestartedMidStreamPausesOnlyCrossNodeDeliveryWhichResumesWithoutDuplicates()
            throws Exception {
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        TestClient onA = connect(a.uri(), "ann");
        TestClient onB = connect(b.uri(), "ben");
        TestClient trackedOnA = connect(a.uri(), "hal");
        join(onA, "r:stream");
        join(onB, "r:stream");
        join(trackedOnA, "chat:heal");
        Connections fromA = a.gatehouse().connections();
        awaitRoute(fromA, "r:stream", onB);
        Nodes.await("presence of chat:heal", WAIT, () -> count(a, "chat:heal").connections() == 1);
        ClusterStatus before = a.gatehouse().clusterStatus();

        long[] sentAt = new long[100_000];
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicBoolean sawDisconnected = new AtomicBoolean();
        long[] slowestSendNanos = new long[1];
        int[] sent = new int[1];
        Thread sender = new Thread(() -> {
            for (int n = 0; sending.get() && n < sentAt.length; n++) {
                long t = System.nanoTime();
                sentAt[n] = t;
                fromA.sendToRoom("r:stream", "room.msg", Map.of("n", n));
                slowestSendNanos[0] = Math.max(slowestSendNanos[0], System.nanoTime() - t);
                sent[0] = n + 1;
                if (!a.gatehouse().clusterStatus().connected()) {
                    sawDisconnected.set(true);
                }
                RedisServer.sleep(10);
            }
        }, "stream-sender");
        Receipts localReceipts = new Receipts(onA);
        Receipts remoteReceipts = new Receipts(onB);
        root.addHandler(capture);
        long killedAt;
        long restartedAt;
        Duration healed;
        try {
            localReceipts.start();
            remoteReceipts.start();
            sender.start();
            RedisServer.sleep(1500);
            killedAt = System.nanoTime();
            redis.kill();
            RedisServer.sleep(2500);
            redis.restart();
            restartedAt = System.nanoTime();
            // Presence written before the outage is gone with Redis' memory; the node rewrites it.
            healed = Nodes.await("presence rewritten after the restart", WAIT,
                    () -> countOrNull(a, "chat:heal") != null && count(a, "chat:heal").connections() == 1);
            Nodes.await("cross-node delivery after the restart", WAIT, () -> remoteReceipts.lastAt() > restartedAt);
            RedisServer.sleep(1500);
            sending.set(false);
            sender.join();
            RedisServer.sleep(500);
        } finally {
            sending.set(false);
            root.removeHandler(capture);
            localReceipts.stop();
            remoteReceipts.stop();
        }

        int total = sent[0];
        // Local delivery: every message, in order, never paused.
        assertEquals(range(total), localReceipts.numbers(), "local delivery lost or reordered frames");
        long localMaxGapMs = localReceipts.maxGapMillis();
        assertTrue(localMaxGapMs < 1000, "local delivery paused " + localMaxGapMs + " ms");
        assertTrue(TimeUnit.NANOSECONDS.toMillis(slowestSendNanos[0]) < 200,
                "a send blocked " + TimeUnit.NANOSECONDS.toMillis(slowestSendNanos[0]) + " ms");
        // Cross-node: in order, no duplicate, a pause around the outage, then everything again.
        List<Integer> remote = remoteReceipts.numbers();
        for (int i = 1; i < remote.size(); i++) {
            assertTrue(remote.get(i) > remote.get(i - 1), "duplicate or out of order at " + i + ": " + remote);
        }
        long resumedAfterRestartMs = TimeUnit.NANOSECONDS.toMillis(remoteReceipts.firstAfter(restartedAt) - restartedAt);
        long pauseMs = remoteReceipts.maxGapMillis();
        int lost = total - remote.size();
        assertTrue(resumedAfterRestartMs < 5000, "cross-node delivery resumed " + resumedAfterRestartMs
                + " ms after Redis came back");
        int lastSent = total - 1;
        assertTrue(remote.contains(lastSent), "messages sent after the recovery reach the other node's room member");
        // Status: not connected meanwhile, connected again, the outage's publishes counted as unpublished.
        ClusterStatus after = a.gatehouse().clusterStatus();
        assertTrue(sawDisconnected.get(), "ClusterStatus.connected never went false");
        assertTrue(after.connected(), "ClusterStatus.connected is not true again");
        long unpublished = after.unpublished() - before.unpublished();
        assertTrue(unpublished > 0, "no publish counted as unpublished during the outage");
        // Logs: the core's one WARNING per node per outage.
        long stoppedWarningsA = warnings.stream().filter(r -> String.valueOf(r.getMessage()).contains("cross-node delivery stopped")
                && r.getParameters() != null && "node-a".equals(String.valueOf(r.getParameters()[0]))).count();
        assertEquals(1, stoppedWarningsA, "warnings of node A about the outage: " + messages(warnings));

        System.out.printf("REDIS-RESTART: sent %d (every 10 ms), outage %d ms; local: %d received, max gap %d ms,"
                + " slowest send %d ms; cross-node: %d received, %d lost, 0 duplicates, longest pause %d ms,"
                + " first delivery %d ms after Redis answered again; unpublished %d; presence rewritten %d ms after Redis answered again;"
                + " WARNING+ records %d: %s%n", total, TimeUnit.NANOSECONDS.toMillis(restartedAt - killedAt),
                localReceipts.numbers().size(), localMaxGapMs, TimeUnit.NANOSECONDS.toMillis(slowestSendNanos[0]),
                remote.size(), lost, pauseMs, resumedAfterRestartMs, unpublished, healed.toMillis(), warnings.size(),
                messages(warnings));
    }

    @Test
    @Order(6)
    void presenceSpansTheNodesAndAKilledNodesMembersVanishWithinTheTtl() throws Exception {
        TestClient patOnA = connect(a.uri(), "pat");
        join(patOnA, "chat:lobby");
        TestClient quinnOnC = connect(c.uri(), "quinn");
        join(quinnOnC, "chat:lobby");
        awaitRoute(a.gatehouse().connections(), "chat:lobby", quinnOnC);
        awaitRoute(b.gatehouse().connections(), "chat:lobby", patOnA);
        // member_joined crosses nodes: B's join reaches the members on A and C.
        TestClient patOnB = connect(b.uri(), "pat");
        join(patOnB, "chat:lobby");
        for (TestClient member : List.of(patOnA, quinnOnC)) {
            Inbox.until(member, f -> isEvent(f, "member_joined")
                    && patOnB.connectionId().equals(f.getJsonObject("data").getString("connection_id")), WAIT);
        }

        Nodes.await("three members on three nodes", WAIT, () -> members(a, "chat:lobby").size() == 3);
        List<PresenceMember> members = members(a, "chat:lobby");
        assertEquals(Set.of("node-a", "node-b", "node-c"), Set.copyOf(members.stream().map(PresenceMember::nodeId).toList()));
        assertEquals(Set.of(patOnA.connectionId(), patOnB.connectionId(), quinnOnC.connectionId()),
                Set.copyOf(members.stream().map(PresenceMember::connectionId).toList()));
        assertEquals(new PresenceCount(3, 2), count(b, "chat:lobby"));
        quinnOnC.send("presence.count", "pc", json("room", "chat:lobby"));
        JsonObject countOnC = nextOfType(quinnOnC, "presence.count", WAIT).getJsonObject("data");
        assertEquals(3, countOnC.getInt("connections"));
        assertEquals(2, countOnC.getInt("users"));

        // member_left crosses nodes too.
        patOnB.send("room.leave", "l", json("room", "chat:lobby"));
        Inbox.until(patOnA, f -> isEvent(f, "member_left")
                && patOnB.connectionId().equals(f.getJsonObject("data").getString("connection_id")), WAIT);
        Nodes.await("two members after the leave", WAIT, () -> count(a, "chat:lobby").connections() == 2);

        // A crash: C's member stays until its TTL (3 s) runs out, without a refresh.
        long killed = System.nanoTime();
        c.kill();
        Duration vanished = Nodes.await("the killed node's member gone", Duration.ofSeconds(6),
                () -> count(a, "chat:lobby").equals(new PresenceCount(1, 1)));
        assertTrue(vanished.toMillis() <= 3000 + 500, "the killed node's members vanished after " + vanished);
        assertEquals(List.of(patOnA.connectionId()), members(a, "chat:lobby").stream().map(PresenceMember::connectionId).toList());
        System.out.printf("PRESENCE: the killed node's member vanished %d ms after the kill (ttl 3 s)%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
    }

    private static PresenceCount count(GatehouseServer node, String room) {
        return node.gatehouse().connections().presence().count(room).toCompletableFuture().join();
    }

    /** The count, or null while Redis cannot answer. */
    private static PresenceCount countOrNull(GatehouseServer node, String room) {
        try {
            return count(node, room);
        } catch (RuntimeException notReachable) {
            return null;
        }
    }

    private static List<PresenceMember> members(GatehouseServer node, String room) {
        return node.gatehouse().connections().presence().members(room).toCompletableFuture().join();
    }

    private static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    private static String messages(List<LogRecord> records) {
        return records.stream().map(r -> r.getLoggerName() + ": " + r.getMessage()).toList().toString();
    }

    /** Reads a client's {@code room.msg} numbers and when they came, on a thread of its own. */
    private static final class Receipts {
        private final TestClient client;
        private final List<Integer> numbers = Collections.synchronizedList(new ArrayList<>());
        private final List<Long> times = Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Receipts(TestClient client) {
            this.client = client;
            this.thread = new Thread(this::run, "receipts");
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(5000);
        }

        private void run() {
            while (running.get()) {
                JsonObject f = Inbox.poll(client, Duration.ofMillis(100));
                if (f != null && "room.msg".equals(f.getString("type"))) {
                    long t = System.nanoTime();
                    synchronized (this) {
                        numbers.add(f.getJsonObject("data").getInt("n"));
                        times.add(t);
                    }
                }
            }
        }

        synchronized List<Integer> numbers() {
            return List.copyOf(numbers);
        }

        synchronized long lastAt() {
            return times.isEmpty() ? 0 : times.get(times.size() - 1);
        }

        synchronized long firstAfter(long t) {
            return times.stream().filter(x -> x > t).findFirst().orElseThrow();
        }

        synchronized long maxGapMillis() {
            long max = 0;
            for (int i = 1; i < times.size(); i++) {
                max = Math.max(max, times.get(i) - times.get(i - 1));
            }
            return TimeUnit.NANOSECONDS.toMillis(max);
        }
    }
}
