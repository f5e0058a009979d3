package dev.gatehouse.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.PresenceCount;
import dev.gatehouse.PresenceMember;
import dev.gatehouse.spi.Backplane;
import dev.gatehouse.spi.BackplaneProvider;
import dev.gatehouse.spi.HistoryStore;
import dev.gatehouse.spi.PresenceStore;
import dev.gatehouse.testkit.cluster.ClusterNodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The backplane contract on its own, through the public factory {@link RedisBackplane#create}:
 * what the receiver gets, subscriptions, per-topic order, fail-fast publishes while Redis is
 * away, one connectionChanged per change, presence written, counted and removed at close, and
 * close bounded even without Redis.
 */
class RedisBackplaneIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Records what a backplane delivers. */
    static final class Recorder implements Backplane.Receiver {
        final List<String> messages = new CopyOnWriteArrayList<>();
        /** Positioned publications (history appends): {@code topic|epoch|offset|message}. */
        final List<String> positioned = new CopyOnWriteArrayList<>();
        final List<Boolean> changes = new CopyOnWriteArrayList<>();

        @Override
        public void receive(String topic, String message) {
            messages.add(topic + "|" + message);
        }

        @Override
        public void receive(String topic, HistoryStore.Position position, String message) {
            positioned.add(topic + "|" + position.epoch() + "|" + position.offset() + "|" + message);
        }

        @Override
        public void connectionChanged(boolean connected) {
            changes.add(connected);
        }

        /**
         * The changes told are exactly these, once told: {@code connected()} turns before the
         * receiver hears of it, on the backplane's thread, so the report may trail by a moment.
         */
        void assertTransitions(Boolean... expected) {
            List<Boolean> want = List.of(expected);
            try {
                ClusterNodes.await("transitions " + want, WAIT, () -> transitions().equals(want));
            } catch (AssertionError late) {
                assertEquals(want, transitions());
            }
        }

        /** The changes told, without the first report when that was "not yet connected". */
        List<Boolean> transitions() {
            List<Boolean> c = new ArrayList<>(changes);
            if (!c.isEmpty() && !c.get(0)) {
                c.remove(0);
            }
            return c;
        }

        List<String> on(String topic) {
            return messages.stream().filter(m -> m.startsWith(topic + "|")).map(m -> m.substring(topic.length() + 1))
                    .toList();
        }
    }

    private static Backplane backplane(RedisServer redis, String node) {
        return RedisBackplane.create(ConfigSource.of(Map.of("gatehouse.cluster.redis.uri", redis.uri())),
                new BackplaneProvider.Node(node, Duration.ofSeconds(30)));
    }

    @Test
    void subscribedTopicsArriveUnchangedInOrderPublishesFailFastWithoutRedisAndCloseRemovesPresence()
            throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            Backplane x = backplane(redis, "x");
            Backplane y = backplane(redis, "y");
            Recorder rx = new Recorder();
            Recorder ry = new Recorder();
            try {
                x.start(rx);
                y.start(ry);
                ClusterNodes.await("connected", WAIT, () -> x.connected() && y.connected());
                rx.assertTransitions(true);

                // Every node gets "all"; a room topic only once subscribed, until unsubscribed.
                x.publish("all", "to everyone").toCompletableFuture().get(2, TimeUnit.SECONDS);
                ClusterNodes.await("all", WAIT, () -> ry.on("all").contains("to everyone"));
                y.subscribe("room:a");
                probe(x, ry, "room:a");
                x.publish("room:b", "not subscribed").toCompletableFuture().get(2, TimeUnit.SECONDS);
                String text = "G1 R origin 1 6 0\nroom:a{\"type\":\"x\",\"data\":\"ü ✓\"}";
                x.publish("room:a", text);
                ClusterNodes.await("room:a", WAIT, () -> ry.on("room:a").contains(text));
                assertFalse(ry.messages.stream().anyMatch(m -> m.startsWith("room:b|")), "an unsubscribed topic arrived");

                // Per-topic order: 10,000 publishes in a row arrive in order.
                ry.messages.clear();
                for (int i = 0; i < 10_000; i++) {
                    x.publish("room:a", Integer.toString(i));
                }
                ClusterNodes.await("10,000 in room:a", WAIT, () -> ry.on("room:a").size() >= 10_000);
                List<String> got = ry.on("room:a");
                for (int i = 0; i < 10_000; i++) {
                    assertEquals(Integer.toString(i), got.get(i));
                }
                assertEquals(10_000, got.size());

                y.unsubscribe("room:a");
                ClusterNodes.pause(300);
                ry.messages.clear();
                x.publish("room:a", "after unsubscribe").toCompletableFuture().get(2, TimeUnit.SECONDS);
                x.publish("all", "fence").toCompletableFuture().get(2, TimeUnit.SECONDS);
                ClusterNodes.await("fence", WAIT, () -> ry.on("all").contains("fence"));
                assertEquals(List.of(), ry.on("room:a"));

                // Presence: written, counted in Redis, removed by close.
                PresenceStore px = x.presenceStore().orElseThrow();
                px.add("chat:p", new PresenceMember("u1", "c1", "x"));
                px.add("chat:p", new PresenceMember("u1", "c2", "x"));
                px.add("chat:p", new PresenceMember("u2", "c3", "x"));
                PresenceStore py = y.presenceStore().orElseThrow();
                py.add("chat:p", new PresenceMember("u2", "c4", "y"));
                ClusterNodes.await("presence", WAIT, () -> new PresenceCount(4, 2).equals(join(py.count("chat:p"))));
                assertEquals(4, join(px.members("chat:p")).size());
                assertTrue(redis.command("PTTL", "gatehouse:presence:{chat:p}:x").matches(":\\d+\\r\\n"),
                        "the node's hash has a TTL");
                px.remove("chat:p", new PresenceMember("u1", "c2", "x"));
                ClusterNodes.await("after a remove", WAIT, () -> new PresenceCount(3, 2).equals(join(py.count("chat:p"))));

                long t = System.nanoTime();
                x.close();
                long closeMs = (System.nanoTime() - t) / 1_000_000;
                assertEquals(new PresenceCount(1, 1), join(py.count("chat:p")));
                assertEquals(":0\r\n", redis.command("EXISTS", "gatehouse:presence:{chat:p}:x"));
                assertTrue(closeMs < 2500, "close took " + closeMs + " ms");

                // Without Redis: publishes fail at once, one change each way, close still bounded.
                redis.kill();
                ClusterNodes.await("not connected", WAIT, () -> !y.connected());
                long worstMs = 0;
                List<CompletableFuture<?>> failed = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    long s = System.nanoTime();
                    CompletableFuture<?> f = y.publish("all", "lost " + i).toCompletableFuture();
                    failed.add(f);
                    worstMs = Math.max(worstMs, (System.nanoTime() - s) / 1_000_000);
                }
                long s = System.nanoTime();
                for (CompletableFuture<?> f : failed) {
                    assertTrue(f.handle((ok, e) -> e != null).get(1, TimeUnit.SECONDS), "a publish succeeded without Redis");
                }
                long allFailedMs = (System.nanoTime() - s) / 1_000_000;
                assertTrue(worstMs < 200, "a publish call took " + worstMs + " ms");
                ry.assertTransitions(true, false);
                redis.restart();
                ClusterNodes.await("connected again", WAIT, y::connected);
                ry.assertTransitions(true, false, true);
                redis.kill();
                ClusterNodes.await("not connected again", WAIT, () -> !y.connected());
                long c = System.nanoTime();
                y.close();
                long closeWithoutRedisMs = (System.nanoTime() - c) / 1_000_000;
                assertTrue(closeWithoutRedisMs < 5000, "close without Redis took " + closeWithoutRedisMs + " ms");
                System.out.printf("BACKPLANE: close %d ms; without Redis: slowest publish call %d ms, all 1000 failed"
                        + " within %d ms, close %d ms%n", closeMs, worstMs, allFailedMs, closeWithoutRedisMs);
            } finally {
                x.close();
                y.close();
            }
        }
    }

    @Test
    void aRedisThatStopsAnsweringWithoutClosingTheConnectionsIsReportedNotConnectedUntilItAnswersAgain()
            throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            Backplane x = backplane(redis, "hx");
            Backplane y = backplane(redis, "hy");
            Recorder ry = new Recorder();
            List<java.util.logging.LogRecord> warnings = new CopyOnWriteArrayList<>();
            java.util.logging.Handler capture = new java.util.logging.Handler() {
                @Override
                public void publish(java.util.logging.LogRecord r) {
                    if (r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
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
            java.util.logging.Logger.getLogger("").addHandler(capture);
            try {
                x.start(new Recorder());
                y.start(ry);
                ClusterNodes.await("connected", WAIT, () -> x.connected() && y.connected());
                redis.freeze();
                Duration noticed;
                long publishMs;
                int refusedAtOnce = 0;
                try {
                    // Memory stays bounded: beyond Lettuce's request queue a publish fails at once.
                    long t = System.nanoTime();
                    List<CompletableFuture<?>> flood = new ArrayList<>();
                    for (int i = 0; i < 20_000; i++) {
                        flood.add(x.publish("all", "flood " + i).toCompletableFuture());
                    }
                    publishMs = (System.nanoTime() - t) / 1_000_000;
                    ClusterNodes.pause(50);
                    refusedAtOnce = (int) flood.stream().filter(CompletableFuture::isCompletedExceptionally).count();
                    noticed = ClusterNodes.await("a hung Redis noticed", WAIT, () -> !y.connected());
                } finally {
                    redis.thaw();
                }
                Duration back = ClusterNodes.await("answering again", WAIT, y::connected);
                ry.assertTransitions(true, false, true);
                x.publish("all", "after").toCompletableFuture().get(2, TimeUnit.SECONDS);
                ClusterNodes.await("delivery after", WAIT, () -> ry.on("all").contains("after"));
                assertTrue(publishMs < 2000, "20,000 publishes to a hung Redis took " + publishMs + " ms");
                assertTrue(refusedAtOnce >= 10_000, "only " + refusedAtOnce + " refused beyond the bound of 10,000 waiting");
                assertTrue(warnings.size() <= 4, "log lines while Redis hung: " + warnings.size() + ", first "
                        + warnings.stream().limit(3).map(r -> r.getLoggerName() + ": " + r.getMessage()).toList());
                System.out.printf("HUNG-REDIS: 20,000 publish calls took %d ms in all, %d refused at once (bound of"
                        + " 10,000 waiting); noticed %d ms after SIGSTOP, connected %d ms after SIGCONT; WARNING+ log"
                        + " records %d%n", publishMs, refusedAtOnce, noticed.toMillis(), back.toMillis(), warnings.size());
            } finally {
                java.util.logging.Logger.getLogger("").removeHandler(capture);
                x.close();
                y.close();
            }
        }
    }

    @Test
    void aTopicSubscribedWhileTheFirstSubscriptionsAreOnTheirWayIsSubscribedToo() {
        try (RedisServer redis = RedisServer.start()) {
            Backplane x = backplane(redis, "x");
            Backplane y = backplane(redis, "y");
            Recorder rx = new Recorder();
            Recorder ry = new Recorder();
            try {
                x.start(rx);
                y.start(ry); // connected already: its first tick sends the subscriptions it wants so far
                y.subscribe("room:early");
                probe(x, ry, "room:early");
            } finally {
                x.close();
                y.close();
            }
        }
    }

    private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    /** Publishes probes until the receiver got one: the subscription is active. */
    private static void probe(Backplane from, Recorder to, String topic) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!to.on(topic).contains("probe")) {
            assertTrue(System.nanoTime() < deadline, topic + " not subscribed");
            from.publish(topic, "probe");
            ClusterNodes.pause(20);
        }
    }
}
