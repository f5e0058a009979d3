package dev.gatehouse.redis;

import static dev.gatehouse.testkit.cluster.ClusterNodes.json;
import static dev.gatehouse.redis.RoomHistoryOverRedisIT.killSubscribersOf;
import static dev.gatehouse.redis.RoomHistoryOverRedisIT.subscribers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.testkit.cluster.ClusterNodes;
import dev.gatehouse.testkit.cluster.ForkedNode;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.client.GatehouseClient;
import dev.gatehouse.client.Position;
import dev.gatehouse.client.Protocol;
import dev.gatehouse.client.ReconnectPolicy;
import dev.gatehouse.client.RoomMember;
import dev.gatehouse.client.RoomRecovery;
import dev.gatehouse.client.Welcome;
import dev.gatehouse.test.TcpProxy;
import dev.gatehouse.testkit.TestServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The Java client ({@code gatehouse-client}, its own reconnect policy and recovery) across real
 * Gatehouse nodes on a real redis-server, history on for {@code chat:*}: the receiver reaches node B
 * through the test kit's {@link TcpProxy} (the load balancer), is in {@code chat:numbers}, and node
 * A sends a numbered frame to the room every 50 ms ({@code sendToRoom} on the node, so every number
 * is handled). Then B is killed (SIGKILL, its own JVM) and the proxy fails over to A; Redis is
 * killed and started again, empty or from its append-only file; B's pub/sub connection is killed
 * while Redis stays up. Each test prints one {@code RECOVERY java <scenario>:} line of counts.
 * (PROTOCOL.md §3.6; the raw {@code recover} frame across nodes is {@link RoomHistoryOverRedisIT}.)
 */
class ClientRecoveryOverRedisIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String ROOM = "chat:numbers";
    private static final String CHANNEL = "gatehouse:room:" + ROOM;
    private static final String STREAM = "gatehouse:history:{room:" + ROOM + "}";

    private static Map<String, String> settings(RedisServer redis, String node) {
        Map<String, String> s = Nodes.settings(redis.uri(), node); // presence tracked for chat:*, node TTL 3 s
        s.put("gatehouse.history.rooms", "chat:*");
        s.put("gatehouse.history.timeout", "5s"); // a busy machine: no "unavailable" from a slow read
        return s;
    }

    @Test
    void nodeKilledTheClientFailsOverAndRecoversEveryNumberOnceInOrder() throws Exception {
        try (RedisServer redis = RedisServer.start();
                ForkedNode b = ForkedNode.start(settings(redis, "kb"))) {
            GatehouseServer a = ClusterNodes.start(settings(redis, "ka"));
            try (TcpProxy proxy = TcpProxy.start("127.0.0.1", b.uri().getPort());
                    Sender sender = new Sender(a);
                    Receiver receiver = new Receiver(proxy)) {
                await("A connected to Redis", () -> a.gatehouse().clusterStatus().connected());
                await("B subscribed to the room", () -> subscribers(redis, CHANNEL) == 1);
                String killedConnection = receiver.client.welcome().orElseThrow().connectionId();
                sender.start();
                receiver.awaitMoreNumbers(20);

                b.kill(); // SIGKILL: B's sockets die with it; the client's reconnects find nothing behind the proxy
                ClusterNodes.pause(1000); // the load balancer's health check: about 20 numbers sent meanwhile
                proxy.retarget("127.0.0.1", a.port());
                RoomRecovery recovery = receiver.awaitRecovery(1);
                receiver.awaitMoreNumbers(20);
                sender.stop();
                receiver.awaitNumber(sender.sent());

                Tally tally = receiver.tally(sender.sent());
                System.out.println(tally.line("node killed"));
                assertTrue(recovery.recovered(), recovery.toString());
                assertTrue(recovery.replayed() > 0, "numbers sent while the client was away were replayed: " + recovery);
                assertEquals(range(sender.sent()), receiver.numbers(), "every number once, in order");
                assertTrue(receiver.recoveries().stream().allMatch(RoomRecovery::recovered), tally.toString());
                assertEquals(Optional.of(true), receiver.client.recovered(ROOM));
                assertTrue(receiver.welcomes.get() >= 2, "reconnected");

                // Presence is at most once: the client asks. The killed node's members vanish within its TTL.
                String now = receiver.client.welcome().orElseThrow().connectionId();
                assertNotEquals(killedConnection, now);
                await("the room's members: the receiver's new connection alone", () -> receiver.client.members(ROOM)
                        .exceptionally(e -> List.of()).join().equals(List.of(new RoomMember("receiver", now))));
            } finally {
                a.stop();
            }
        }
    }

    @Test
    void redisRestartedEmptyWhileTheClientWasAwayIsEpochChangedNeverASilentGap() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            redisRestarted(redis, "redis restarted empty (client away)", true, false);
        }
    }

    @Test
    void redisRestartedEmptyWhileTheClientStayedConnectedIsEpochChangedNeverASilentGap() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            redisRestarted(redis, "redis restarted empty (client connected)", false, false);
        }
    }

    @Test
    void redisRestartedFromItsAppendOnlyFileTheClientRecoversEveryNumberOnceInOrder() throws Exception {
        try (RedisServer redis = RedisServer.withAppendOnlyFile()) {
            redisRestarted(redis, "redis restarted from its AOF (client away)", true, true);
        }
    }

    /**
     * Redis is killed and started again on its port while numbers flow ({@code kept}: from its
     * append-only file, {@link RedisServer#withAppendOnlyFile}); with {@code away} the
     * receiver is cut off (its reconnects refused) from before the kill until after the restart, and
     * comes back to B with its position. Without an append-only file the sender goes on throughout
     * (numbers sent while Redis is down reach nobody, PROTOCOL §3.6 "Sending"); with one, it pauses
     * from the kill to the restart and Redis holds every number sent before it is killed, so each one
     * is due.
     */
    private static void redisRestarted(RedisServer redis, String scenario, boolean away, boolean kept)
            throws Exception {
        GatehouseServer a = ClusterNodes.start(settings(redis, "ra"));
        GatehouseServer b = ClusterNodes.start(settings(redis, "rb"));
        try (TcpProxy proxy = TcpProxy.start("127.0.0.1", b.port());
                Sender sender = new Sender(a);
                Receiver receiver = new Receiver(proxy)) {
            BooleanSupplier bothConnected = () -> a.gatehouse().clusterStatus().connected()
                    && b.gatehouse().clusterStatus().connected();
            await("both nodes connected to Redis", bothConnected);
            await("B subscribed to the room", () -> subscribers(redis, CHANNEL) == 1);
            sender.start();
            receiver.awaitMoreNumbers(20);
            Position before = receiver.client.position(ROOM).orElseThrow();

            if (away) {
                proxy.cut(Duration.ofMinutes(5)); // until told otherwise
                ClusterNodes.pause(1000); // about 20 numbers the receiver misses, in the history
            }
            if (kept) {
                sender.stop();
                int sent = sender.sent();
                await("every number sent is in the history", () -> redis.command("XLEN", STREAM).equals(":" + sent + "\r\n"));
            }
            redis.kill();
            await("both nodes see Redis gone", () -> !a.gatehouse().clusterStatus().connected()
                    && !b.gatehouse().clusterStatus().connected());
            ClusterNodes.pause(500); // an outage of some length: numbers sent meanwhile reach nobody
            redis.restart();
            await("both nodes connected to Redis again", bothConnected);
            if (kept) {
                sender.start();
            }
            if (away) {
                proxy.cut(Duration.ZERO); // the receiver gets through again, to B
            }
            RoomRecovery recovery = receiver.awaitRecovery(1);
            receiver.awaitMoreNumbers(20);
            sender.stop();
            receiver.awaitNumber(sender.sent());

            Tally tally = receiver.tally(sender.sent());
            System.out.println(tally.line(scenario));
            assertEquals(0, tally.duplicated(), tally.toString());
            assertEquals(0, tally.outOfOrder(), tally.toString());
            assertEquals(0, tally.silentGaps(), tally.toString());
            if (kept) {
                assertTrue(recovery.recovered(), recovery.toString());
                assertTrue(recovery.replayed() > 0, recovery.toString());
                assertEquals(range(sender.sent()), receiver.numbers(), "every number once, in order");
                assertTrue(receiver.recoveries().stream().allMatch(RoomRecovery::recovered), tally.toString());
                assertEquals(before.epoch(), receiver.client.position(ROOM).orElseThrow().epoch());
            } else {
                assertFalse(recovery.recovered(), recovery.toString());
                assertEquals(Protocol.EPOCH_CHANGED, recovery.reason().orElse(""), recovery.toString());
                assertTrue(receiver.recoveries().stream().noneMatch(RoomRecovery::recovered), tally.toString());
                assertTrue(tally.missing() > 0, "the outage lost numbers for this client: " + tally);
                assertNotEquals(before.epoch(), receiver.client.position(ROOM).orElseThrow().epoch());
            }
            if (away) {
                assertTrue(receiver.welcomes.get() >= 2, "reconnected");
            } else {
                assertEquals(1, receiver.welcomes.get(), "the client's connection never dropped");
            }
            String now = receiver.client.welcome().orElseThrow().connectionId();
            await("the room's members after the restart: the receiver", () -> receiver.client.members(ROOM)
                    .exceptionally(e -> List.of()).join().equals(List.of(new RoomMember("receiver", now))));
        } finally {
            a.stop();
            b.stop();
        }
    }

    @Test
    void pubSubLostWhileRedisStaysUpTheClientSeesNoGap() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            GatehouseServer a = ClusterNodes.start(settings(redis, "pa"));
            GatehouseServer b = ClusterNodes.start(settings(redis, "pb"));
            try (TcpProxy proxy = TcpProxy.start("127.0.0.1", b.port());
                    Sender sender = new Sender(a);
                    Receiver receiver = new Receiver(proxy)) {
                await("both nodes connected to Redis", () -> a.gatehouse().clusterStatus().connected()
                        && b.gatehouse().clusterStatus().connected());
                await("B subscribed to the room", () -> subscribers(redis, CHANNEL) == 1);
                sender.start();
                receiver.awaitMoreNumbers(20);
                List<Integer> killed = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    // B's pub/sub connection holds 2 subscriptions ("all" and the room); A's only "all".
                    await("B subscribed to all and to the room", () -> subscribers(redis, "gatehouse:all") == 2
                            && subscribers(redis, CHANNEL) == 1);
                    killed.add(killSubscribersOf(redis, 2));
                    receiver.awaitMoreNumbers(20);
                }
                sender.stop();
                receiver.awaitNumber(sender.sent());

                Tally tally = receiver.tally(sender.sent());
                System.out.println(tally.line("pub/sub connection killed x3") + " killed=" + killed);
                assertEquals(List.of(1, 1, 1), killed, "B's subscriber connection killed each time");
                assertEquals(range(sender.sent()), receiver.numbers(), "every number once, in order");
                assertEquals(List.of(), receiver.recoveries(), "no room_recovery: the node filled its gaps");
                assertEquals(1, receiver.welcomes.get(), "the client's connection never dropped");
            } finally {
                a.stop();
                b.stop();
            }
        }
    }

    private static List<Integer> range(int last) {
        return IntStream.rangeClosed(1, last).boxed().toList();
    }

    static void await(String what, BooleanSupplier condition) {
        ClusterNodes.await(what, PATIENCE, condition);
    }

    /** Sends {@code num {n}} (n = 1, 2, 3, …) to the room through a node every 50 ms. */
    private static final class Sender implements AutoCloseable {
        private final GatehouseServer node;
        private final AtomicInteger sent = new AtomicInteger();
        private ScheduledExecutorService ticker;

        Sender(GatehouseServer node) {
            this.node = node;
        }

        void start() {
            ticker = Executors.newSingleThreadScheduledExecutor();
            ticker.scheduleAtFixedRate(() -> {
                int n = sent.get() + 1;
                try {
                    node.gatehouse().connections().sendToRoom(ROOM, "num", Map.of("n", n));
                } catch (RuntimeException e) { // sent all the same (a throw would end the ticker): it reaches nobody
                    System.err.println("sendToRoom " + n + " threw " + e);
                }
                sent.set(n);
            }, 0, 50, TimeUnit.MILLISECONDS);
        }

        /** Stops after the number being sent, if any. */
        void stop() throws InterruptedException {
            ticker.shutdown();
            assertTrue(ticker.awaitTermination(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        }

        int sent() {
            return sent.get();
        }

        @Override
        public void close() {
            if (ticker != null) {
                ticker.shutdownNow();
            }
        }
    }

    /**
     * The real client through the proxy, in the room by the nodes' {@code room.join}, with quick
     * reconnects; its listeners write down each number and each {@code room_recovery}, in order.
     */
    private static final class Receiver implements AutoCloseable {
        final GatehouseClient client;
        final AtomicInteger welcomes = new AtomicInteger();
        /** An Integer per number, a RoomRecovery per event; guarded by itself. */
        private final List<Object> heard = new ArrayList<>();

        Receiver(TcpProxy proxy) {
            client = GatehouseClient.builder(URI.create("ws://127.0.0.1:" + proxy.port() + "/ws"))
                    .token(TestServer.token("receiver"))
                    .reconnect(ReconnectPolicy.backoff(Duration.ofMillis(100), Duration.ofSeconds(1)))
                    .requestTimeout(Duration.ofSeconds(20))
                    .listener(new GatehouseClient.Listener() {
                        @Override
                        public void onWelcome(Welcome welcome) {
                            welcomes.incrementAndGet();
                        }

                        @Override
                        public void onRecovery(RoomRecovery recovery) {
                            if (ROOM.equals(recovery.room())) {
                                record(recovery);
                            }
                        }
                    }).build();
            client.on("num", f -> record(f.data().getInt("n")));
            Welcome welcome = client.connect().join();
            assertTrue(welcome.recovery(), "the nodes keep history");
            client.joinRoom(ROOM, "room.join", json("room", ROOM)).join();
        }

        private void record(Object what) {
            synchronized (heard) {
                heard.add(what);
            }
        }

        List<Integer> numbers() {
            synchronized (heard) {
                return heard.stream().filter(Integer.class::isInstance).map(Integer.class::cast).toList();
            }
        }

        List<RoomRecovery> recoveries() {
            synchronized (heard) {
                return heard.stream().filter(RoomRecovery.class::isInstance).map(RoomRecovery.class::cast).toList();
            }
        }

        void awaitMoreNumbers(int more) {
            int target = numbers().size() + more;
            await(more + " more numbers heard", () -> numbers().size() >= target);
        }

        void awaitNumber(int n) {
            await("number " + n + " heard", () -> numbers().contains(n));
            ClusterNodes.pause(300); // nothing more (a repeat would show)
        }

        RoomRecovery awaitRecovery(int count) {
            await(count + " room_recovery of " + ROOM, () -> recoveries().size() >= count);
            return recoveries().get(count - 1);
        }

        /** What was heard against 1..sent. */
        Tally tally(int sent) {
            List<Object> all;
            synchronized (heard) {
                all = List.copyOf(heard);
            }
            List<Integer> numbers = numbers();
            Set<Integer> distinct = new HashSet<>(numbers);
            int missing = (int) IntStream.rangeClosed(1, sent).filter(n -> !distinct.contains(n)).count();
            int outOfOrder = 0;
            int silentGaps = 0;
            int previous = 0;
            boolean lostSince = false;
            for (Object h : all) {
                if (h instanceof RoomRecovery r) {
                    lostSince |= !r.recovered();
                    continue;
                }
                int n = (Integer) h;
                if (n <= previous) {
                    outOfOrder++;
                } else if (n > previous + 1 && !lostSince) {
                    silentGaps++; // numbers skipped, and nothing said so
                }
                previous = Math.max(previous, n);
                lostSince = false;
            }
            List<String> events = recoveries().stream()
                    .map(r -> r.recovered() ? "true(" + r.replayed() + ")" : "false:" + r.reason().orElse("?")).toList();
            return new Tally(sent, distinct.size(), numbers.size() - distinct.size(), missing, outOfOrder, silentGaps,
                    events);
        }

        @Override
        public void close() {
            client.close().orTimeout(PATIENCE.toMillis(), TimeUnit.MILLISECONDS).exceptionally(e -> null).join();
        }
    }

    /**
     * What one scenario counted.
     *
     * @param sent numbers sent (1..sent)
     * @param received distinct numbers the receiver's listeners heard
     * @param duplicated numbers heard more than once
     * @param missing numbers sent and never heard
     * @param outOfOrder numbers heard after a greater one
     * @param silentGaps skips with no {@code recovered: false} before them
     * @param recoveries each room_recovery, {@code true(replayed)} or {@code false:reason}
     */
    record Tally(int sent, int received, int duplicated, int missing, int outOfOrder, int silentGaps,
            List<String> recoveries) {
        String line(String scenario) {
            return String.format("RECOVERY java %s: sent=%d received=%d duplicated=%d missing=%d out-of-order=%d"
                    + " silent-gaps=%d room_recovery=[%s]", scenario, sent, received, duplicated, missing, outOfOrder,
                    silentGaps, String.join(",", recoveries));
        }
    }
}
