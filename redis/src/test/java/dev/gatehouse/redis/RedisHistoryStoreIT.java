package dev.gatehouse.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.spi.Backplane;
import dev.gatehouse.spi.BackplaneProvider;
import dev.gatehouse.spi.HistoryStore.Entry;
import dev.gatehouse.spi.HistoryStore.Limits;
import dev.gatehouse.spi.HistoryStore.Position;
import dev.gatehouse.spi.HistoryStore.Slice;
import dev.gatehouse.spi.HistoryStore;
import dev.gatehouse.testkit.cluster.ClusterNodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The Redis history store through the public factory, against real redis-server processes: offsets,
 * epochs, reads, limits, positioned publications between backplanes, and what a Redis restart
 * does with and without an append-only file.
 */
class RedisHistoryStoreIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Limits ROOMY = new Limits(1000, Duration.ofHours(1));

    private static Backplane backplane(RedisServer redis, String node, int partitions) {
        Map<String, String> config = new HashMap<>();
        config.put("gatehouse.cluster.redis.uri", redis.uri());
        if (partitions > 0) {
            config.put("gatehouse.cluster.redis.sharded-partitions", Integer.toString(partitions));
        }
        return RedisBackplane.create(ConfigSource.of(config), new BackplaneProvider.Node(node, Duration.ofSeconds(30)));
    }

    private static Backplane started(RedisServer redis, String node, RedisBackplaneIT.Recorder recorder) {
        Backplane b = backplane(redis, node, 0);
        b.start(recorder);
        return b;
    }

    private static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("failed: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Plain probes until one arrives: the receiver's subscription to the topic is active. */
    private static void awaitSubscribed(Backplane from, RedisBackplaneIT.Recorder to, String topic) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!to.on(topic).contains("probe")) {
            assertTrue(System.nanoTime() < deadline, topic + " not subscribed");
            from.publish(topic, "probe");
            ClusterNodes.pause(20);
        }
    }

    /** The positioned publications a recorder got on a topic, as {@code epoch|offset|message}. */
    private static List<String> positioned(RedisBackplaneIT.Recorder r, String topic) {
        return r.positioned.stream().filter(p -> p.startsWith(topic + "|")).map(p -> p.substring(topic.length() + 1))
                .toList();
    }

    private static List<Long> offsets(Slice s) {
        return s.entries().stream().map(Entry::offset).toList();
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    private static long number(String reply) {
        return Long.parseLong(reply.trim().substring(1));
    }

    @Test
    void offsetsStartAtOneAndGrowByOnePerAppendAndReachOtherNodesWithTheirPositionWhilePlainPublishesStayPlain() {
        try (RedisServer redis = RedisServer.start()) {
            RedisBackplaneIT.Recorder ry = new RedisBackplaneIT.Recorder();
            Backplane x = started(redis, "x", new RedisBackplaneIT.Recorder());
            Backplane y = started(redis, "y", ry);
            try {
                ClusterNodes.await("connected", WAIT, () -> x.connected() && y.connected());
                y.subscribe("room:h");
                awaitSubscribed(x, ry, "room:h");
                HistoryStore history = x.historyStore().orElseThrow();
                List<Position> got = new ArrayList<>();
                for (int i = 1; i <= 5; i++) {
                    got.add(join(history.append("room:h", "room:h", "m" + i + "\nsecond line", ROOMY)));
                }
                String epoch = got.get(0).epoch();
                assertTrue(epoch.matches("[0-9a-z]{10}"), epoch);
                assertEquals(range(1, 5), got.stream().map(Position::offset).toList());
                assertTrue(got.stream().allMatch(p -> p.epoch().equals(epoch)), got.toString());

                ClusterNodes.await("5 positioned", WAIT, () -> positioned(ry, "room:h").size() >= 5);
                List<String> want = new ArrayList<>();
                for (int i = 1; i <= 5; i++) {
                    want.add(epoch + "|" + i + "|m" + i + "\nsecond line");
                }
                assertEquals(want, positioned(ry, "room:h"));
                x.publish("room:h", "plain after").toCompletableFuture().join();
                ClusterNodes.await("plain", WAIT, () -> ry.on("room:h").contains("plain after"));
                assertEquals(5, positioned(ry, "room:h").size(), "a plain publish arrived positioned");
                assertTrue(ry.on("room:h").stream().allMatch(m -> m.equals("probe") || m.equals("plain after")),
                        "a positioned publication arrived plain: " + ry.on("room:h"));

                long streamTtl = number(redis.command("PTTL", "gatehouse:history:{room:h}"));
                long metaTtl = number(redis.command("PTTL", "gatehouse:history:{room:h}:meta"));
                assertTrue(streamTtl > 0 && streamTtl <= Duration.ofHours(1).toMillis(), "stream TTL " + streamTtl);
                assertTrue(metaTtl > Duration.ofHours(23).toMillis(), "the meta hash outlives the stream: " + metaTtl);
            } finally {
                x.close();
                y.close();
            }
        }
    }

    @Test
    void twoNodesAppendingAtOnceGetGaplessOffsetsAndEverySubscriberSeesThemInOffsetOrder() {
        try (RedisServer redis = RedisServer.start()) {
            RedisBackplaneIT.Recorder rx = new RedisBackplaneIT.Recorder();
            RedisBackplaneIT.Recorder ry = new RedisBackplaneIT.Recorder();
            Backplane x = started(redis, "x", rx);
            Backplane y = started(redis, "y", ry);
            try {
                ClusterNodes.await("connected", WAIT, () -> x.connected() && y.connected());
                x.subscribe("room:c");
                y.subscribe("room:c");
                awaitSubscribed(y, rx, "room:c");
                awaitSubscribed(x, ry, "room:c");
                int perSender = 250;
                Map<Long, String> appended = new ConcurrentHashMap<>();
                List<CompletableFuture<Void>> senders = new ArrayList<>();
                for (Backplane b : List.of(x, y)) {
                    for (int t = 0; t < 2; t++) {
                        String who = (b == x ? "x" : "y") + t;
                        HistoryStore h = b.historyStore().orElseThrow();
                        senders.add(CompletableFuture.runAsync(() -> {
                            List<CompletableFuture<Void>> mine = new ArrayList<>();
                            for (int i = 0; i < perSender; i++) {
                                String m = who + "-" + i;
                                mine.add(h.append("room:c", "room:c", m, ROOMY).toCompletableFuture()
                                        .thenAccept(p -> appended.put(p.offset(), p.epoch() + "|" + m)));
                            }
                            CompletableFuture.allOf(mine.toArray(CompletableFuture[]::new)).join();
                        }));
                    }
                }
                join(CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)));
                int total = 4 * perSender;
                assertEquals(range(1, total), appended.keySet().stream().sorted().toList());
                assertEquals(1, appended.values().stream().map(v -> v.split("\\|")[0]).distinct().count(), "one epoch");
                List<String> want = new ArrayList<>();
                for (long o = 1; o <= total; o++) {
                    String v = appended.get(o);
                    int bar = v.indexOf('|');
                    want.add(v.substring(0, bar) + "|" + o + "|" + v.substring(bar + 1));
                }
                for (RedisBackplaneIT.Recorder r : List.of(rx, ry)) {
                    ClusterNodes.await(total + " positioned", WAIT, () -> positioned(r, "room:c").size() >= total);
                    assertEquals(want, positioned(r, "room:c"));
                }
                System.out.printf("HISTORY-CONCURRENT: 2 nodes x 2 threads appended %d, offsets 1..%d without gap,"
                        + " each of 2 subscribers got %d in offset order%n", total, total, total);
            } finally {
                x.close();
                y.close();
            }
        }
    }

    @Test
    void readReturnsExactlyTheEntriesAfterAnOffsetAtMostMaxAndMaxZeroOnlyThePosition() {
        try (RedisServer redis = RedisServer.start()) {
            Backplane x = started(redis, "x", new RedisBackplaneIT.Recorder());
            try {
                ClusterNodes.await("connected", WAIT, x::connected);
                HistoryStore h = x.historyStore().orElseThrow();
                assertEquals(new Slice("", 0, List.of()), join(h.read("room:none", 0, 10)), "a stream never appended to");
                long before = System.currentTimeMillis();
                String epoch = null;
                for (int i = 1; i <= 10; i++) {
                    epoch = join(h.append("room:r", "room:r", "r" + i, ROOMY)).epoch();
                }
                long after = System.currentTimeMillis();
                Slice s = join(h.read("room:r", 3, 4));
                assertEquals(epoch, s.epoch());
                assertEquals(10, s.top());
                assertEquals(range(4, 7), offsets(s));
                assertEquals(List.of("r4", "r5", "r6", "r7"), s.entries().stream().map(Entry::message).toList());
                for (Entry e : s.entries()) { // Redis' clock, the same machine's: only a sanity bound
                    assertTrue(e.storedAtMillis() > before - 60_000 && e.storedAtMillis() < after + 60_000, e.toString());
                }
                assertEquals(range(9, 10), offsets(join(h.read("room:r", 8, 100))));
                assertEquals(range(1, 10), offsets(join(h.read("room:r", 0, 100))));
                assertEquals(new Slice(epoch, 10, List.of()), join(h.read("room:r", 10, 5)));
                assertEquals(new Slice(epoch, 10, List.of()), join(h.read("room:r", 0, 0)));
            } finally {
                x.close();
            }
        }
    }

    @Test
    void theSizeLimitKeepsTheNewestEntriesSoAReadFromTheStartBeginsPastTheTrimmedOnes() {
        try (RedisServer redis = RedisServer.start()) {
            Backplane x = started(redis, "x", new RedisBackplaneIT.Recorder());
            try {
                ClusterNodes.await("connected", WAIT, x::connected);
                HistoryStore h = x.historyStore().orElseThrow();
                Limits five = new Limits(5, Duration.ofHours(1));
                for (int i = 1; i <= 12; i++) {
                    assertEquals(i, join(h.append("room:s", "room:s", "s" + i, five)).offset());
                }
                Slice s = join(h.read("room:s", 0, 100));
                assertEquals(12, s.top());
                assertEquals(range(8, 12), offsets(s));
                assertEquals(":5\r\n", redis.command("XLEN", "gatehouse:history:{room:s}"));
            } finally {
                x.close();
            }
        }
    }

    @Test
    void entriesOlderThanTheAgeAreNotReadAndAnExpiredStreamKeepsItsEpochAndCountsOn() {
        try (RedisServer redis = RedisServer.start()) {
            Backplane x = started(redis, "x", new RedisBackplaneIT.Recorder());
            try {
                ClusterNodes.await("connected", WAIT, x::connected);
                HistoryStore h = x.historyStore().orElseThrow();
                String epoch = join(h.append("room:a", "room:a", "old", ROOMY)).epoch();
                ClusterNodes.pause(1500);
                // The stream's age is now 1 s: its first entry, 1.5 s old, is past it; the second is new.
                join(h.append("room:a", "room:a", "new", new Limits(100, Duration.ofSeconds(1))));
                Slice s = join(h.read("room:a", 0, 100));
                assertEquals(List.of("new"), s.entries().stream().map(Entry::message).toList());
                assertEquals(new Slice(epoch, 2, List.of()), new Slice(s.epoch(), s.top(), List.of()));

                join(h.append("room:a", "room:a", "short-lived", new Limits(100, Duration.ofMillis(300))));
                ClusterNodes.await("the stream expired", WAIT,
                        () -> redis.command("EXISTS", "gatehouse:history:{room:a}").equals(":0\r\n"));
                assertEquals(new Slice(epoch, 3, List.of()), join(h.read("room:a", 0, 100)),
                        "an expired stream: its position, none of its entries");
                assertEquals(new Position(epoch, 4), join(h.append("room:a", "room:a", "later", ROOMY)));
                assertEquals(range(4, 4), offsets(join(h.read("room:a", 0, 100))));
            } finally {
                x.close();
            }
        }
    }

    @Test
    void aRedisRestartedEmptyStartsANewEpochAtOffsetOneAndAppendsFailAtOnceWhileItIsAway() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            RedisBackplaneIT.Recorder ry = new RedisBackplaneIT.Recorder();
            Backplane x = started(redis, "x", new RedisBackplaneIT.Recorder());
            Backplane y = started(redis, "y", ry);
            try {
                ClusterNodes.await("connected", WAIT, () -> x.connected() && y.connected());
                HistoryStore h = x.historyStore().orElseThrow();
                Position before = null;
                for (int i = 1; i <= 3; i++) {
                    before = join(h.append("room:k", "room:k", "k" + i, ROOMY));
                }
                assertEquals(3, before.offset());

                redis.kill();
                ClusterNodes.await("not connected", WAIT, () -> !x.connected());
                CompletableFuture<Position> away = h.append("room:k", "room:k", "lost", ROOMY).toCompletableFuture();
                assertTrue(away.handle((ok, e) -> e != null).get(2, TimeUnit.SECONDS), "an append succeeded without Redis");
                assertTrue(h.read("room:k", 0, 10).toCompletableFuture().handle((ok, e) -> e != null)
                        .get(2, TimeUnit.SECONDS), "a read succeeded without Redis");

                redis.restart(); // empty, and without the scripts: the first read's EVALSHA gets NOSCRIPT
                ClusterNodes.await("connected again", WAIT, () -> x.connected() && y.connected());
                y.subscribe("room:k");
                awaitSubscribed(x, ry, "room:k");
                assertEquals(new Slice("", 0, List.of()), join(h.read("room:k", 3, 10)));
                Position first = join(h.append("room:k", "room:k", "k-new", ROOMY));
                assertNotEquals(before.epoch(), first.epoch());
                assertEquals(1, first.offset());
                Slice s = join(h.read("room:k", before.offset(), 10));
                assertEquals(first.epoch(), s.epoch(), "a reader of the old position learns the new epoch");
                assertEquals(1, s.top());
                assertEquals(range(1, 1), offsets(join(h.read("room:k", 0, 10))));
                ClusterNodes.await("positioned after restart", WAIT, () -> positioned(ry, "room:k").contains(
                        first.epoch() + "|1|k-new"));
                assertTrue(redis.command("INFO", "errorstats").contains("errorstat_NOSCRIPT:count="),
                        "the read went through NOSCRIPT and EVAL");
            } finally {
                x.close();
                y.close();
            }
        }
    }

    @Test
    void aRedisRestartedFromItsAppendOnlyFileKeepsTheEpochTheEntriesAndTheNextOffset() throws Exception {
        try (RedisServer redis = RedisServer.withAppendOnlyFile()) {
            RedisBackplaneIT.Recorder ry = new RedisBackplaneIT.Recorder();
            Backplane x = started(redis, "x", new RedisBackplaneIT.Recorder());
            Backplane y = started(redis, "y", ry);
            try {
                ClusterNodes.await("connected", WAIT, () -> x.connected() && y.connected());
                y.subscribe("room:d");
                HistoryStore h = x.historyStore().orElseThrow();
                String epoch = null;
                for (int i = 1; i <= 5; i++) {
                    epoch = join(h.append("room:d", "room:d", "d" + i, ROOMY)).epoch();
                }
                redis.kill();
                ClusterNodes.await("not connected", WAIT, () -> !x.connected());
                redis.restart();
                ClusterNodes.await("connected again", WAIT, () -> x.connected() && y.connected());
                awaitSubscribed(x, ry, "room:d");
                Slice s = join(h.read("room:d", 0, 100));
                assertEquals(epoch, s.epoch());
                assertEquals(5, s.top());
                assertEquals(List.of("d1", "d2", "d3", "d4", "d5"), s.entries().stream().map(Entry::message).toList());
                assertEquals(new Position(epoch, 6), join(h.append("room:d", "room:d", "d6", ROOMY)));
                String e = epoch;
                ClusterNodes.await("positioned after restart", WAIT, () -> positioned(ry, "room:d").contains(e + "|6|d6"));
            } finally {
                x.close();
                y.close();
            }
        }
    }

    @Test
    void appendsAreSentWholeSoThatNoneWaitsForARetryBehindLaterOnesAndAReadAfterRedisForgotItsScriptStillWorks() {
        try (RedisServer redis = RedisServer.start()) {
            Backplane x = started(redis, "x", new RedisBackplaneIT.Recorder());
            try {
                ClusterNodes.await("connected", WAIT, x::connected);
                HistoryStore h = x.historyStore().orElseThrow();
                String epoch = join(h.append("room:f", "room:f", "f1", ROOMY)).epoch();
                assertTrue(redis.command("SCRIPT", "FLUSH").startsWith("+OK"));
                assertEquals(new Position(epoch, 2), join(h.append("room:f", "room:f", "f2", ROOMY)));
                assertTrue(redis.command("SCRIPT", "FLUSH").startsWith("+OK"));
                assertEquals(range(1, 2), offsets(join(h.read("room:f", 0, 10))));
                // NOSCRIPT once, for the read: an append answered NOSCRIPT and sent again would land
                // behind the appends sent meanwhile, out of its publisher's order.
                assertTrue(redis.command("INFO", "errorstats").contains("errorstat_NOSCRIPT:count=1"),
                        redis.command("INFO", "errorstats"));
            } finally {
                x.close();
            }
        }
    }

    @Test
    void usersWithBracesAndOddCharactersHaveTheirOwnStreamsInOneSlotOnAClusterModeRedis() {
        for (int partitions : new int[] {0, 8}) {
            try (RedisServer redis = RedisServer.singleNodeCluster()) {
                RedisBackplaneIT.Recorder ry = new RedisBackplaneIT.Recorder();
                Backplane x = backplane(redis, "x", partitions);
                Backplane y = backplane(redis, "y", partitions);
                x.start(new RedisBackplaneIT.Recorder());
                y.start(ry);
                try {
                    ClusterNodes.await("connected", WAIT, () -> x.connected() && y.connected());
                    awaitSubscribed(x, ry, "all");
                    HistoryStore h = x.historyStore().orElseThrow();
                    List<String> users = List.of("user:{a}", "user:a}b{c", "user:%7Ba%7D", "user:}", "user:{",
                            "user:ü ✓\n{x}", "user:a");
                    for (String user : users) {
                        // A cluster-mode Redis refuses a script whose keys span slots (CROSSSLOT).
                        Position p1 = join(h.append(user, "all", user + "#1", ROOMY));
                        Position p2 = join(h.append(user, "all", user + "#2", ROOMY));
                        assertEquals(1, p1.offset(), user);
                        assertEquals(new Position(p1.epoch(), 2), p2, user);
                        Slice s = join(h.read(user, 0, 10));
                        assertEquals(List.of(user + "#1", user + "#2"), s.entries().stream().map(Entry::message).toList());
                        ClusterNodes.await("positioned " + user, WAIT, () -> positioned(ry, "all").contains(
                                p2.epoch() + "|2|" + user + "#2"));
                    }
                    String prefix = partitions == 0 ? "gatehouse:history:{"
                            : "gatehouse:history:{p" + Math.floorMod("all".hashCode(), partitions) + "}:{";
                    assertEquals(":1\r\n", redis.command("EXISTS", prefix + "user:%7Ba%7D}"));
                    assertEquals(":1\r\n", redis.command("EXISTS", prefix + "user:%257Ba%257D}:meta"));
                    if (partitions > 0) { // a stream's keys follow its topic's partition: another topic is refused
                        String other = "room:r0";
                        for (int i = 1; Math.floorMod(other.hashCode(), partitions)
                                == Math.floorMod("all".hashCode(), partitions); i++) {
                            other = "room:r" + i;
                        }
                        CompletableFuture<Position> wrong = h.append("user:a", other, "x", ROOMY).toCompletableFuture();
                        assertTrue(wrong.isCompletedExceptionally(), "a topic of another partition was accepted");
                    }
                    assertFalse(ry.messages.stream().anyMatch(m -> m.contains("#")), "a positioned publication arrived plain");
                } finally {
                    x.close();
                    y.close();
                }
            }
        }
    }
}
