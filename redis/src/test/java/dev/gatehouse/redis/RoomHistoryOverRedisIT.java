package dev.gatehouse.redis;

import static dev.gatehouse.testkit.cluster.Inbox.nextOfType;
import static dev.gatehouse.testkit.cluster.ClusterNodes.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.testkit.cluster.ClusterNodes;
import dev.gatehouse.testkit.cluster.Inbox;
import dev.gatehouse.testkit.cluster.ForkedNode;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.Metrics;
import dev.gatehouse.testkit.MeterReadings;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Room history across real Gatehouse nodes on a real Redis (PROTOCOL.md §3.6), the {@code recover}
 * frame sent by hand: a node that loses its subscription fills the gap from the history; a client
 * whose node was killed recovers what it missed on another node; a Redis restarted without its
 * data changes the epoch, one restarted from its append-only file does not. Each test counts the
 * numbered frames sent, received, duplicated and missing and prints one line.
 */
class RoomHistoryOverRedisIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String ROOM = "h:numbers";
    private static final String CHANNEL = "gatehouse:room:" + ROOM;

    private static Map<String, String> settings(RedisServer redis, String node) {
        Map<String, String> s = Nodes.settings(redis.uri(), node);
        s.put("gatehouse.history.rooms", "h:*");
        s.put("gatehouse.history.timeout", "5s"); // a busy machine: no "unavailable" from a slow read
        return s;
    }

    /** One numbered frame as a client got it. */
    private record Got(int n, String epoch, long offset) {
    }

    /** What a client received of the room: numbered frames and room_recovery events, in order. */
    private static final class Received {
        final List<Got> numbers = new ArrayList<>();
        final List<JsonObject> recoveries = new ArrayList<>();

        /** Takes one frame; returns the room_recovery event's data when it was one. */
        JsonObject take(JsonObject f) {
            if ("num".equals(f.getString("type"))) {
                assertEquals(ROOM, f.getString("room"), f.toString());
                numbers.add(new Got(f.getJsonObject("data").getInt("n"), f.getString("epoch"),
                        f.getJsonNumber("offset").longValue()));
            } else if (Inbox.isEvent(f, "room_recovery")) {
                recoveries.add(f.getJsonObject("data"));
                return f.getJsonObject("data");
            }
            return null;
        }

        /** Frames until none comes for {@code quiet}. */
        void drain(TestClient c, Duration quiet) {
            JsonObject f;
            while ((f = Inbox.poll(c, quiet)) != null) {
                take(f);
            }
        }

        /** Frames until the number {@code last} arrived (failing after {@code max}), then a quiet moment. */
        void until(TestClient c, int last, Duration max) {
            long deadline = System.nanoTime() + max.toNanos();
            while (numbers.stream().noneMatch(g -> g.n() == last)) {
                assertTrue(System.nanoTime() < deadline, "number " + last + " not received; got " + ns());
                JsonObject f = Inbox.poll(c, Duration.ofMillis(200));
                if (f != null) {
                    take(f);
                }
            }
            drain(c, Duration.ofMillis(500)); // nothing more (a duplicate would show here)
        }

        List<Integer> ns() {
            return numbers.stream().map(Got::n).toList();
        }

        Got last() {
            return numbers.get(numbers.size() - 1);
        }
    }

    /** Counts of one run, checked and printed. */
    private static String summary(String name, int sent, List<Integer> received, String extra) {
        Set<Integer> seen = new HashSet<>();
        int duplicated = 0;
        for (int n : received) {
            duplicated += seen.add(n) ? 0 : 1;
        }
        int missing = 0;
        for (int n = 1; n <= sent; n++) {
            missing += seen.contains(n) ? 0 : 1;
        }
        String line = String.format("%s: sent %d, received %d, duplicated %d, missing %d%s", name, sent,
                received.size(), duplicated, missing, extra);
        System.out.println(line);
        return line;
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int n = from; n <= to; n++) {
            out.add(n);
        }
        return out;
    }

    private static void assertConsecutive(List<Got> got) {
        for (int i = 1; i < got.size(); i++) {
            assertEquals(got.get(i - 1).epoch(), got.get(i).epoch(), "epoch at " + got.get(i));
            assertEquals(got.get(i - 1).offset() + 1, got.get(i).offset(), "offset after " + got.get(i - 1));
        }
    }

    private static void join(TestClient c) {
        c.send("room.join", "j", json("room", ROOM));
        nextOfType(c, "room.joined", WAIT);
    }

    /** {@code recover} with one room's position and the previous connection. */
    private static void recover(TestClient c, String epoch, long offset, String previousConnectionId) {
        c.send("recover", null, Json.createObjectBuilder()
                .add("rooms", Json.createObjectBuilder().add(ROOM,
                        Json.createObjectBuilder().add("epoch", epoch).add("offset", offset)))
                .add("previous_connection_id", previousConnectionId).build());
    }

    private static void send(GatehouseServer from, int n) {
        from.gatehouse().connections().sendToRoom(ROOM, "num", Map.of("n", n));
    }

    /** Sends 1..count every 20 ms on another thread, running {@code at} with each number before it is sent. */
    private static CompletableFuture<Void> sendEvery20Ms(GatehouseServer from, int count, java.util.function.IntConsumer at) {
        return CompletableFuture.runAsync(() -> {
            for (int n = 1; n <= count; n++) {
                at.accept(n);
                send(from, n);
                ClusterNodes.pause(20);
            }
        });
    }

    /** Subscribers of a channel in Redis. */
    static int subscribers(RedisServer redis, String channel) {
        String reply = redis.command("PUBSUB", "NUMSUB", channel);
        String[] lines = reply.split("\r\n");
        return Integer.parseInt(lines[lines.length - 1].substring(1));
    }

    /** Kills the pub/sub connections that hold exactly {@code subscriptions} subscriptions; returns how many. */
    static int killSubscribersOf(RedisServer redis, int subscriptions) {
        int killed = 0;
        for (String line : redis.command("CLIENT", "LIST", "TYPE", "pubsub").split("\n")) {
            if (line.contains(" sub=" + subscriptions + " ")) {
                String id = line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id=")));
                killed += redis.command("CLIENT", "KILL", "ID", id).startsWith(":1") ? 1 : 0;
            }
        }
        return killed;
    }

    @Test
    void aNodeWhoseSubscriptionDropsFillsTheGapFromTheHistorySoItsClientsMissNothing() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            GatehouseServer a = ClusterNodes.start(settings(redis, "ha"));
            GatehouseServer b = ClusterNodes.start(settings(redis, "hb"), Metrics.micrometer(meters));
            try (TestClient reader = TestClient.connectWelcomed(b.uri(), TestServer.token("reader"))) {
                ClusterNodes.await("connected", WAIT, () -> a.gatehouse().clusterStatus().connected()
                        && b.gatehouse().clusterStatus().connected());
                join(reader);
                ClusterNodes.await("B subscribed", WAIT, () -> subscribers(redis, CHANNEL) == 1);
                int count = 250;
                AtomicInteger kills = new AtomicInteger();
                // B's pub/sub connection is the one with 2 subscriptions ("all" and the room); A has only "all".
                List<CompletableFuture<Void>> killing = new ArrayList<>();
                CompletableFuture<Void> sending = sendEvery20Ms(a, count, n -> {
                    if (n % 50 == 0 && n < count - 50) { // on another thread: the sending goes on meanwhile
                        killing.add(CompletableFuture.runAsync(() -> kills.addAndGet(killSubscribersOf(redis, 2)),
                                CompletableFuture.delayedExecutor(0, java.util.concurrent.TimeUnit.MILLISECONDS)));
                    }
                });
                Received got = new Received();
                long deadline = System.nanoTime() + WAIT.toNanos() * 3;
                while (!sending.isDone() && System.nanoTime() < deadline) {
                    JsonObject f = Inbox.poll(reader, Duration.ofMillis(100));
                    if (f != null) {
                        got.take(f);
                    }
                }
                sending.get();
                CompletableFuture.allOf(killing.toArray(CompletableFuture[]::new)).get();
                got.until(reader, count, WAIT);
                double filled = MeterReadings.count(meters, "gatehouse.history.gaps", "outcome", "filled");
                double lost = MeterReadings.count(meters, "gatehouse.history.gaps", "outcome", "lost");
                summary("HISTORY-PUBSUB-LOSS", count, got.ns(), String.format(", subscriber killed %d times, gaps"
                        + " filled %.0f, lost %.0f, recovered:false events %d", kills.get(), filled, lost,
                        got.recoveries.size()));
                assertEquals(range(1, count), got.ns(), "every number once, in order");
                assertConsecutive(got.numbers);
                assertEquals(List.of(), got.recoveries, "no room_recovery while the node filled its gaps");
                assertTrue(kills.get() >= 3, "killed " + kills.get());
                assertTrue(filled >= 1, "no gap was filled: the kills lost nothing in flight");
                assertEquals(0, lost);
            } finally {
                a.stop();
                b.stop();
            }
        }
    }

    @Test
    void aFrameSentRightAfterTheFirstMembersJoinReachesItBeforeItsNodeHasSubscribed() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            GatehouseServer a = ClusterNodes.start(settings(redis, "ha"));
            GatehouseServer b = ClusterNodes.start(settings(redis, "hb"));
            try (TestClient reader = TestClient.connectWelcomed(b.uri(), TestServer.token("reader"))) {
                ClusterNodes.await("connected", WAIT, () -> a.gatehouse().clusterStatus().connected()
                        && b.gatehouse().clusterStatus().connected());
                join(reader); // B's subscription to the room is asked for now, and takes a round trip
                send(a, 1); // published while B may not be subscribed yet; nothing follows it
                Received got = new Received();
                got.until(reader, 1, WAIT);
                assertEquals(List.of(1), got.ns());
                assertEquals(List.of(), got.recoveries);
            } finally {
                a.stop();
                b.stop();
            }
        }
    }

    @Test
    void aClientWhoseNodeWasKilledRecoversExactlyWhatItMissedOnAnotherNode() throws Exception {
        try (RedisServer redis = RedisServer.start();
                ForkedNode killed = ForkedNode.start(settings(redis, "hk"))) {
            GatehouseServer c = ClusterNodes.start(settings(redis, "hc"));
            TestClient first = TestClient.connectWelcomed(killed.uri(), TestServer.token("rita"));
            try {
                ClusterNodes.await("connected", WAIT, () -> c.gatehouse().clusterStatus().connected());
                join(first);
                ClusterNodes.await("K subscribed", WAIT, () -> subscribers(redis, CHANNEL) == 1);
                int count = 250;
                AtomicInteger sentSoFar = new AtomicInteger();
                CompletableFuture<Void> sending = sendEvery20Ms(c, count, sentSoFar::set);
                Received before = new Received();
                while (before.numbers.size() < 60) {
                    JsonObject f = Inbox.poll(first, WAIT);
                    assertNotNull(f, "no frame on the node to be killed; got " + before.ns());
                    before.take(f);
                }
                killed.kill(); // SIGKILL while frames keep coming
                int sentAtKill = sentSoFar.get();
                before.drain(first, Duration.ofSeconds(1)); // what reached the client before its socket closed
                Got lastSeen = before.last();
                String previous = first.connectionId();
                ClusterNodes.pause(1000); // the client's backoff: about 50 more frames it misses

                try (TestClient back = TestClient.connectWelcomed(c.uri(), TestServer.token("rita"))) {
                    recover(back, lastSeen.epoch(), lastSeen.offset(), previous);
                    back.send("room.join", "j", json("room", ROOM));
                    Received after = new Received();
                    JsonObject event = null;
                    long deadline = System.nanoTime() + WAIT.toNanos();
                    while (event == null) {
                        assertTrue(System.nanoTime() < deadline, "no room_recovery; got " + after.ns());
                        JsonObject f = Inbox.poll(back, Duration.ofMillis(200));
                        event = f == null ? null : after.take(f);
                    }
                    int replayed = after.numbers.size();
                    int sentAtRecovery = sentSoFar.get();
                    sending.get();
                    after.until(back, count, WAIT);
                    List<Integer> all = new ArrayList<>(before.ns());
                    all.addAll(after.ns());
                    summary("HISTORY-NODE-KILLED", count, all, String.format(", before the kill %d (last offset %d,"
                            + " %d sent at the kill), replayed %d (%d sent at room_recovery), then live %d,"
                            + " room_recovery recovered=%s", before.numbers.size(), lastSeen.offset(), sentAtKill,
                            replayed, sentAtRecovery, after.numbers.size() - replayed, event.getBoolean("recovered")));
                    assertTrue(event.getBoolean("recovered"), event.toString());
                    assertEquals(replayed, event.getInt("replayed"));
                    assertEquals(lastSeen.epoch(), event.getString("epoch"));
                    assertEquals(lastSeen.offset() + replayed, event.getJsonNumber("offset").longValue());
                    assertEquals(range(1, count), all, "every number once, in order");
                    List<Got> positions = new ArrayList<>(before.numbers);
                    positions.addAll(after.numbers);
                    assertConsecutive(positions);
                    assertEquals(1, after.recoveries.size(), "one room_recovery");
                }
            } finally {
                first.close();
                c.stop();
            }
        }
    }

    @Test
    void aRedisRestartedWithoutItsDataAnswersARecoverWithEpochChanged() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            restartAndRecover(redis, false);
        }
    }

    @Test
    void aRedisRestartedFromItsAppendOnlyFileAnswersARecoverWithEveryMissedFrame() throws Exception {
        try (RedisServer redis = RedisServer.withAppendOnlyFile()) {
            restartAndRecover(redis, true);
        }
    }

    /**
     * A client gets 1–5 and leaves; 6–8 are sent; Redis is killed and started again; the client
     * comes back with its position (on the other node), then 9 is sent.
     */
    private static void restartAndRecover(RedisServer redis, boolean kept) throws Exception {
        String name = kept ? "HISTORY-REDIS-RESTART-AOF" : "HISTORY-REDIS-RESTART-EMPTY";
        GatehouseServer a = ClusterNodes.start(settings(redis, "ra"));
        GatehouseServer b = ClusterNodes.start(settings(redis, "rb"));
        try {
            ClusterNodes.await("connected", WAIT, () -> a.gatehouse().clusterStatus().connected()
                    && b.gatehouse().clusterStatus().connected());
            Received got = new Received();
            String previous;
            try (TestClient first = TestClient.connectWelcomed(b.uri(), TestServer.token("rob"))) {
                join(first);
                ClusterNodes.await("B subscribed", WAIT, () -> subscribers(redis, CHANNEL) == 1);
                for (int n = 1; n <= 5; n++) {
                    send(a, n);
                }
                got.until(first, 5, WAIT);
                previous = first.connectionId();
            }
            for (int n = 6; n <= 8; n++) {
                send(a, n);
            }
            ClusterNodes.await("6-8 in the history", WAIT,
                    () -> redis.command("XLEN", "gatehouse:history:{room:" + ROOM + "}").equals(":8\r\n"));
            Got position = got.last();

            redis.kill();
            ClusterNodes.await("not connected", WAIT, () -> !a.gatehouse().clusterStatus().connected()
                    && !b.gatehouse().clusterStatus().connected());
            redis.restart();
            ClusterNodes.await("connected again", WAIT, () -> a.gatehouse().clusterStatus().connected()
                    && b.gatehouse().clusterStatus().connected());

            try (TestClient back = TestClient.connectWelcomed(a.uri(), TestServer.token("rob"))) {
                recover(back, position.epoch(), position.offset(), previous);
                back.send("room.join", "j", json("room", ROOM));
                Received after = new Received();
                JsonObject event = null;
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (event == null) {
                    assertTrue(System.nanoTime() < deadline, "no room_recovery; got " + after.ns());
                    JsonObject f = Inbox.poll(back, Duration.ofMillis(200));
                    event = f == null ? null : after.take(f);
                }
                int replayed = after.numbers.size();
                ClusterNodes.await("A subscribed", WAIT, () -> subscribers(redis, CHANNEL) == 1);
                send(b, 9);
                after.until(back, 9, WAIT);
                List<Integer> all = new ArrayList<>(got.ns());
                all.addAll(after.ns());
                summary(name, 9, all, String.format(", replayed %d, room_recovery recovered=%s%s; 9 at %s/%d",
                        replayed, event.getBoolean("recovered"),
                        event.containsKey("reason") ? " reason=" + event.getString("reason") : "",
                        after.last().epoch().equals(position.epoch()) ? "the same epoch" : "a new epoch",
                        after.last().offset()));
                Got nine = after.last();
                assertEquals(9, nine.n());
                if (kept) {
                    assertTrue(event.getBoolean("recovered"), event.toString());
                    assertEquals(List.of(6, 7, 8, 9), after.ns());
                    assertEquals(new Got(9, position.epoch(), 9), nine);
                    assertEquals(range(1, 9), all);
                } else {
                    assertFalse(event.getBoolean("recovered"), event.toString());
                    assertEquals("epoch_changed", event.getString("reason"));
                    assertEquals(List.of(9), after.ns(), "nothing of the lost epoch replayed");
                    assertNotEquals(position.epoch(), nine.epoch());
                    assertEquals(1, nine.offset(), "offsets begin again in the new epoch");
                }
                assertEquals(1, after.recoveries.size(), "one room_recovery");
            }
        } finally {
            a.stop();
            b.stop();
        }
    }
}
