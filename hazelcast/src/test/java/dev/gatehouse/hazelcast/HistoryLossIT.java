package dev.gatehouse.hazelcast;

import static dev.gatehouse.hazelcast.Nodes.awaitRoute;
import static dev.gatehouse.hazelcast.Nodes.WAIT;
import static dev.gatehouse.hazelcast.Nodes.join;
import static dev.gatehouse.testkit.cluster.ClusterNodes.await;
import static dev.gatehouse.testkit.cluster.ClusterNodes.json;
import static dev.gatehouse.testkit.cluster.ClusterNodes.pause;
import static dev.gatehouse.testkit.cluster.Inbox.isEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.HazelcastInstance;
import dev.gatehouse.Connections;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.hazelcast.internal.HazelcastSettings;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import dev.gatehouse.testkit.cluster.ClusterNodes;
import dev.gatehouse.testkit.cluster.Inbox;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A room's history in Hazelcast really lost, or forgotten, under clients that hold positions in it:
 * three members with one backup ({@link HazelcastEngine}), node A (which sends) and node B (which
 * holds the room's members) their clients. The history lost is never silent: a member connected
 * through it gets {@code room_recovery} {@code epoch_changed} before the room's next frame, and a
 * client that comes back with its position gets {@code recovered: false}, {@code epoch_changed}
 * (docs/PROTOCOL.md §3.6). A stream quiet for longer than {@code history-idle} (3 s here) is
 * forgotten: its ring buffer destroyed, and its next frame starts a new epoch.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HistoryLossIT {
    private static final Duration IDLE = Duration.ofSeconds(3);
    private static final String RINGBUFFERS = "hz:impl:ringbufferService";
    private HazelcastEngine engine;
    private GatehouseServer a;
    private GatehouseServer b;
    private final List<TestClient> clients = new ArrayList<>();

    @BeforeAll
    void startCluster() {
        engine = HazelcastEngine.threeMembers();
        a = ClusterNodes.start(settings("node-a"));
        b = ClusterNodes.start(settings("node-b"));
        await("A and B connected", WAIT, this::connected);
    }

    private Map<String, String> settings(String nodeId) {
        Map<String, String> s = Nodes.settings(nodeId);
        s.putAll(engine.nodeSettings(nodeId));
        s.put(HazelcastSettings.HISTORY_IDLE, IDLE.toSeconds() + "s");
        return s;
    }

    @AfterAll
    void stopCluster() {
        for (GatehouseServer s : new GatehouseServer[] {a, b}) {
            if (s != null) {
                s.stop();
            }
        }
        if (engine != null) {
            engine.close();
        }
    }

    @AfterEach
    void closeClients() {
        clients.forEach(TestClient::close);
        clients.clear();
    }

    private boolean connected() {
        return a.gatehouse().clusterStatus().connected() && b.gatehouse().clusterStatus().connected();
    }

    @Test
    @Order(1)
    void theWholeClusterRestartedEmptyIsAnEpochChangeForAConnectedMemberAndAReturningClient() throws Exception {
        String room = "log:restart";
        TestClient member = connect(b.uri(), "mia");
        Returning leaver = new Returning(connect(b.uri(), "leo"), room);
        join(member, room);
        join(leaver.client, room);
        Connections fromA = a.gatehouse().connections();
        awaitRoute(fromA, room, member, leaver.client);
        Frames seen = new Frames();
        for (int n = 1; n <= 5; n++) {
            fromA.sendToRoom(room, "room.msg", Map.of("n", n));
        }
        seen.readUntil(member, f -> number(f) == 5);
        leaver.leaveAfter(5);
        String before = seen.last().getString("epoch");

        engine.stop();
        engine.start();
        await("A and B connected again", Duration.ofSeconds(30), this::connected);
        int n = sendUntilReceived(fromA, room, member, seen, 6);

        List<JsonObject> after = seen.after(5);
        JsonObject firstFrame = after.stream().filter(Frames::isFrame).findFirst().orElseThrow();
        assertTrue(after.indexOf(firstFrame) > 0 && isEpochChanged(after.get(after.indexOf(firstFrame) - 1)),
                "epoch_changed before the first frame after the restart: " + after);
        assertNotEquals(before, firstFrame.getString("epoch"), "a new epoch: " + firstFrame);
        assertEquals(0, Frames.silentGaps(after.subList(after.indexOf(firstFrame), after.size())),
                "every frame after the first of the new epoch: " + after);

        JsonObject recovery = leaver.comeBack(a.uri());
        assertFalse(recovery.getBoolean("recovered"), recovery.toString());
        assertEquals("epoch_changed", recovery.getString("reason"), recovery.toString());
        System.out.printf("HISTORY-RESTART: the cluster restarted empty; %d frames sent after, the member got"
                + " epoch_changed before the first (n=%d, %s/%d)%n", n - 5, number(firstFrame),
                firstFrame.getString("epoch"), firstFrame.getJsonNumber("offset").longValue());
    }

    @Test
    @Order(2)
    void twoMembersOfThreeKilledAtOnceLoseTheRoomsPartitionAndThatIsSaidNeverSilent() throws Exception {
        Members members = engine.members();
        await("partitions spread over the three members", Duration.ofSeconds(30),
                () -> members.get(0).getPartitionService().isClusterSafe());
        String room = null;
        for (int i = 0; room == null && i < 1000; i++) { // a room whose partition member 0 holds no replica of
            if (!members.holdsReplica(0, "room:log:lost-" + i)) {
                room = "log:lost-" + i;
            }
        }
        assertNotNull(room, "member 0 holds a replica of every partition");
        TestClient member = connect(b.uri(), "max");
        Returning leaver = new Returning(connect(b.uri(), "lea"), room);
        join(member, room);
        join(leaver.client, room);
        Connections fromA = a.gatehouse().connections();
        awaitRoute(fromA, room, member, leaver.client);
        Frames seen = new Frames();
        for (int n = 1; n <= 5; n++) {
            fromA.sendToRoom(room, "room.msg", Map.of("n", n));
        }
        seen.readUntil(member, f -> number(f) == 5);
        leaver.leaveAfter(5);
        String before = seen.last().getString("epoch");

        long unpublishedBefore = a.gatehouse().clusterStatus().unpublished();
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger(5);
        String target = room;
        Thread sender = new Thread(() -> {
            while (sending.get()) {
                fromA.sendToRoom(target, "room.msg", Map.of("n", sent.incrementAndGet()));
                pause(10);
            }
        }, "room-sender");
        sender.start();
        JsonObject recovery;
        try {
            seen.readFor(member, Duration.ofMillis(500));
            members.killAtOnce(1, 2);
            long killed = System.nanoTime();
            seen.readUntil(member, f -> isFrame(f) && !before.equals(f.getString("epoch")));
            long newEpochAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            seen.readFor(member, Duration.ofSeconds(1));
            recovery = leaver.comeBack(a.uri());
            System.out.printf("HISTORY-PARTITION-LOST: two members of three killed at once; the room's next epoch"
                    + " reached its member %d ms after%n", newEpochAfter);
        } finally {
            sending.set(false);
            sender.join();
        }
        seen.readFor(member, Duration.ofMillis(500));
        long unpublished = a.gatehouse().clusterStatus().unpublished() - unpublishedBefore;

        List<JsonObject> after = seen.after(5);
        int firstNew = -1;
        for (int i = 0; i < after.size() && firstNew < 0; i++) {
            if (isFrame(after.get(i)) && !before.equals(after.get(i).getString("epoch"))) {
                firstNew = i;
            }
        }
        int told = firstNew - 1;
        while (told >= 0 && !isFrame(after.get(told)) && !isEpochChanged(after.get(told))) {
            told--;
        }
        assertTrue(told >= 0 && isEpochChanged(after.get(told)),
                "epoch_changed between the old epoch's last frame and the new epoch's first: " + after);
        int silent = Frames.silentGaps(after);
        assertTrue(silent <= unpublished, silent + " frames missed without a word, but only " + unpublished
                + " were not published (an append that failed reaches no one): " + after);
        assertFalse(recovery.getBoolean("recovered"), recovery.toString());
        assertEquals("epoch_changed", recovery.getString("reason"), recovery.toString());
    }

    @Test
    @Order(3)
    void aStreamQuietLongerThanHistoryIdleIsForgottenItsRingBufferDestroyedAndItsNextFrameStartsANewEpoch() {
        String room = "log:quiet";
        TestClient member = connect(b.uri(), "quinn");
        join(member, room);
        Connections fromA = a.gatehouse().connections();
        awaitRoute(fromA, room, member);
        List<String> streams = new ArrayList<>(List.of("room:" + room));
        for (int i = 0; i < 10; i++) { // rooms without members: their frames are kept all the same
            fromA.sendToRoom("log:quiet-" + i, "room.msg", Map.of("n", 0));
            streams.add("room:log:quiet-" + i);
        }
        Frames seen = new Frames();
        for (int n = 1; n <= 3; n++) {
            fromA.sendToRoom(room, "room.msg", Map.of("n", n));
        }
        seen.readUntil(member, f -> number(f) == 3);
        long lastAppend = System.nanoTime();
        String before = seen.last().getString("epoch");
        HazelcastInstance m0 = engine.members().get(0);
        await("a ring buffer and a life per stream", WAIT, () -> ringBuffers(m0, streams) == streams.size()
                && lives(m0).containsAll(streams));

        Duration gone = await("the quiet streams forgotten", IDLE.plusSeconds(15), () -> ringBuffers(m0, streams) == 0
                && streams.stream().noneMatch(lives(m0)::contains));
        long quietMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastAppend);
        assertTrue(quietMs >= IDLE.toMillis(), "forgotten after " + quietMs + " ms, before history-idle");

        fromA.sendToRoom(room, "room.msg", Map.of("n", 4));
        seen.readUntil(member, f -> number(f) == 4);
        List<JsonObject> after = seen.after(3);
        assertEquals(2, after.size(), after.toString());
        assertTrue(isEpochChanged(after.get(0)), after.toString());
        assertNotEquals(before, after.get(1).getString("epoch"));
        assertEquals(1, after.get(1).getJsonNumber("offset").longValue(), "a new epoch starts at offset 1");
        System.out.printf("HISTORY-IDLE: %d streams quiet for %d ms (history-idle %d s) forgotten, ring buffers"
                + " destroyed, %d ms after the wait began%n", streams.size(), quietMs, IDLE.toSeconds(), gone.toMillis());
    }

    /** The streams with a life in the map, by a query (a read of an entry would keep it from idling out). */
    private static Set<Object> lives(HazelcastInstance member) {
        return member.getMap("gatehouse.history").keySet();
    }

    private static long ringBuffers(HazelcastInstance member, List<String> streams) {
        Set<String> wanted = new HashSet<>(streams);
        return member.getDistributedObjects().stream().filter(o -> RINGBUFFERS.equals(o.getServiceName()))
                .map(DistributedObject::getName).filter(n -> n.indexOf('@') > 0)
                .filter(n -> wanted.contains(n.substring(n.indexOf('@') + 1))).count();
    }

    /** Sends numbered frames from {@code first} on, every 50 ms until the member got one, then five more; returns the next number. */
    private static int sendUntilReceived(Connections from, String room, TestClient member, Frames seen, int first) {
        int n = first;
        long deadline = System.nanoTime() + WAIT.multipliedBy(2).toNanos();
        while (seen.after(first - 1).stream().noneMatch(Frames::isFrame)) {
            assertTrue(System.nanoTime() < deadline, "no frame reached the member: " + seen.after(first - 1));
            from.sendToRoom(room, "room.msg", Map.of("n", n++));
            seen.readFor(member, Duration.ofMillis(50));
        }
        for (int i = 0; i < 5; i++) {
            from.sendToRoom(room, "room.msg", Map.of("n", n++));
        }
        int last = n - 1;
        seen.readUntil(member, f -> number(f) == last);
        return n;
    }

    private TestClient connect(URI uri, String user) {
        TestClient client = TestClient.connectWelcomed(uri, TestServer.token(user));
        clients.add(client);
        return client;
    }

    private static boolean isFrame(JsonObject f) {
        return Frames.isFrame(f);
    }

    private static int number(JsonObject f) {
        return isFrame(f) ? f.getJsonObject("data").getInt("n") : -1;
    }

    private static boolean isEpochChanged(JsonObject f) {
        return isEvent(f, "room_recovery") && !f.getJsonObject("data").getBoolean("recovered")
                && "epoch_changed".equals(f.getJsonObject("data").getString("reason", ""));
    }

    /** A client that saw a room's frames, leaves with its position and comes back later stating it. */
    private final class Returning {
        final TestClient client;
        final String room;
        JsonObject last;

        Returning(TestClient client, String room) {
            this.client = client;
            this.room = room;
        }

        void leaveAfter(int n) {
            Frames own = new Frames();
            own.readUntil(client, f -> number(f) == n);
            last = own.last();
            client.close();
        }

        /** {@return the room_recovery event the client gets back on a node, stating its position} */
        JsonObject comeBack(URI uri) {
            TestClient back = connect(uri, "back");
            back.send("recover", null, Json.createObjectBuilder()
                    .add("rooms", Json.createObjectBuilder().add(room, Json.createObjectBuilder()
                            .add("epoch", last.getString("epoch")).add("offset", last.getJsonNumber("offset").longValue())))
                    .add("previous_connection_id", client.connectionId()).build());
            back.send("room.join", "j-" + room, json("room", room)); // room.joined may come after the recovery
            List<JsonObject> frames = Inbox.until(back, f -> isEvent(f, "room_recovery"), WAIT);
            return frames.get(frames.size() - 1).getJsonObject("data");
        }
    }

    /** What a member received: its numbered {@code room.msg} frames and {@code room_recovery} events, in order. */
    private static final class Frames {
        private final List<JsonObject> seen = new ArrayList<>();

        static boolean isFrame(JsonObject f) {
            return "room.msg".equals(f.getString("type"));
        }

        void readUntil(TestClient client, Predicate<JsonObject> match) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                assertTrue(System.nanoTime() < deadline, "no such frame within " + WAIT + "; got " + seen);
                JsonObject f = Inbox.poll(client, Duration.ofMillis(100));
                if (keep(f) && match.test(f)) {
                    return;
                }
            }
        }

        void readFor(TestClient client, Duration d) {
            long end = System.nanoTime() + d.toNanos();
            while (System.nanoTime() < end) {
                keep(Inbox.poll(client, Duration.ofMillis(20)));
            }
        }

        private boolean keep(JsonObject f) {
            if (f != null && (isFrame(f) || isEvent(f, "room_recovery"))) {
                seen.add(f);
                return true;
            }
            return false;
        }

        JsonObject last() {
            return seen.get(seen.size() - 1);
        }

        /** What came after the frame numbered {@code n}. */
        List<JsonObject> after(int n) {
            for (int i = 0; i < seen.size(); i++) {
                if (number(seen.get(i)) == n) {
                    return List.copyOf(seen.subList(i + 1, seen.size()));
                }
            }
            return List.of();
        }

        /**
         * Asserts that the numbers increase and that offsets follow each other within an epoch
         * unless an event came between; returns how many numbers went missing without an event.
         */
        static int silentGaps(List<JsonObject> frames) {
            int silent = 0;
            JsonObject previous = null;
            boolean told = false;
            for (JsonObject f : frames) {
                if (!isFrame(f)) {
                    told = true;
                    continue;
                }
                if (previous != null) {
                    assertTrue(number(f) > number(previous), "out of order or twice: " + previous + " then " + f);
                    boolean follows = f.getString("epoch").equals(previous.getString("epoch"))
                            && f.getJsonNumber("offset").longValue() == previous.getJsonNumber("offset").longValue() + 1;
                    assertTrue(follows || told, "a gap without a room_recovery: " + previous + " then " + f);
                    if (!told) {
                        silent += number(f) - number(previous) - 1;
                    }
                }
                previous = f;
                told = false;
            }
            return silent;
        }
    }
}
