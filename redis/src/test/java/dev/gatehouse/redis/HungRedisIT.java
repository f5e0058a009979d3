package dev.gatehouse.redis;

import static dev.gatehouse.testkit.cluster.ClusterNodes.json;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.Gatehouse;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.spi.AsyncFrameHandler;
import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.testkit.Neighbour;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import dev.gatehouse.testkit.cluster.ClusterNodes;
import dev.gatehouse.testkit.cluster.Inbox;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The slow-dependencies suite's Redis: Redis hangs (SIGSTOP: its connections stay open, nothing is
 * answered) under a two-node cluster that carries room traffic and presence, while a neighbour on
 * node A echoes every 20 ms. No Gatehouse thread waits for Redis: the neighbour stays prompt, a send
 * to a room returns at once from its handler and still reaches node A's member, a join goes on,
 * a presence query is answered (failed) within the command timeout, {@code /health/ready} reports
 * the backplane DOWN within the PING's bound and UP again after SIGCONT, cross-node delivery
 * resumes by itself, and both nodes stop within a bound while Redis hangs again. The neighbour's
 * p50/p99 go to {@code target/slow-redis-neighbour.txt}.
 */
class HungRedisIT {
    /** {@code gatehouse.cluster.redis.timeout}: the command timeout, which bounds a presence query. */
    private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(1);
    /** How often the backplane PINGs Redis ({@code LettuceBackplane.PING_EVERY_TICKS} × its tick). */
    private static final Duration PING_PERIOD = Duration.ofSeconds(1);
    /** What a bound may take beyond its parts on a loaded machine. */
    private static final Duration SLACK = Duration.ofMillis(1500);
    /** A handler call that returns "at once": far below the command timeout it would wait for. */
    private static final Duration AT_ONCE = Duration.ofMillis(250);
    private static final Duration NEIGHBOUR_P99 = Duration.ofMillis(500);
    private static final Duration NEIGHBOUR_MAX = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String ROOM = "chat:lobby";

    @Test
    void aHungRedisCostsOnlyCrossNodeDeliveryAndPresenceAnswersWithinTheirBoundsAndNoGatehouseThreadWaitsForIt()
            throws Exception {
        List<Executable> checks = new ArrayList<>();
        Map<String, String> figures = new LinkedHashMap<>();
        List<TestClient> clients = new ArrayList<>();
        try (RedisServer redis = RedisServer.start()) {
            GatehouseServer a = node(redis, "node-a");
            GatehouseServer b = node(redis, "node-b");
            boolean frozen = false;
            try {
                ClusterNodes.await("A and B connected", WAIT, () -> a.gatehouse().clusterStatus().connected()
                        && b.gatehouse().clusterStatus().connected());
                TestClient memberA = connect(a, "member-a", clients);
                TestClient memberB = connect(b, "member-b", clients);
                TestClient sender = connect(a, "sender", clients);
                TestClient asker = connect(a, "asker", clients);
                TestClient joiner = connect(a, "joiner", clients);
                join(memberA, ROOM);
                join(memberB, ROOM);
                Received atA = new Received(memberA);
                Received atB = new Received(memberB);
                Sends sends = new Sends(sender);
                ClusterNodes.await("room routed to B", WAIT, () -> !atB.numbers().isEmpty());
                ClusterNodes.await("both members in presence", WAIT, () -> presence(asker).getInt("connections", -1) == 2);

                try (Neighbour neighbour = new Neighbour(TestClient.connectWelcomed(a.uri(), TestServer.token("neighbour")),
                        Neighbour.Trip.ECHO)) {
                    neighbour.startScenario();
                    sends.startScenario();
                    long stopped = System.nanoTime();
                    redis.freeze();
                    frozen = true;

                    // Presence: answered, failed, within the command timeout; the call itself returns at once.
                    JsonObject during = presence(asker);
                    figures.put("presence query during the hang", during.toString());
                    checks.add(() -> assertFalse(during.getBoolean("ok"), during.toString()));
                    checks.add(() -> assertTrue(during.getInt("micros") < REDIS_TIMEOUT.plus(SLACK).toNanos() / 1000,
                            "presence answered after " + during.getInt("micros") + " µs: " + during));
                    checks.add(() -> assertTrue(during.getInt("callMicros") < AT_ONCE.toNanos() / 1000, during.toString()));

                    // A join: the handler goes on (the presence write and the subscription are asynchronous).
                    long joinStart = System.nanoTime();
                    join(joiner, "chat:late");
                    Duration joined = since(joinStart);
                    figures.put("join during the hang", joined.toMillis() + " ms");
                    checks.add(() -> assertTrue(joined.compareTo(AT_ONCE) < 0, "a join took " + joined.toMillis() + " ms"));

                    // Readiness: the backplane is reported DOWN, and every probe is answered promptly meanwhile.
                    Probes down = probeUntil(a, r -> r.statusCode() == 503 && r.body().contains("gatehouse-backplane"));
                    Duration noticed = Duration.ofNanos(down.doneNanos - stopped);
                    figures.put("/health/ready DOWN after SIGSTOP", noticed.toMillis() + " ms (slowest probe "
                            + down.slowest.toMillis() + " ms)");
                    checks.add(() -> assertTrue(noticed.compareTo(PING_PERIOD.plus(REDIS_TIMEOUT).plus(SLACK)) < 0,
                            "DOWN after " + noticed.toMillis() + " ms"));
                    checks.add(() -> assertTrue(down.slowest.compareTo(AT_ONCE) < 0,
                            "a probe took " + down.slowest.toMillis() + " ms"));
                    boolean connectedWhileHung = a.gatehouse().clusterStatus().connected();
                    checks.add(() -> assertFalse(connectedWhileHung, "ClusterStatus.connected() while Redis hung"));
                    // Long enough for the publishes and presence writes made meanwhile to reach their timeout.
                    long hungFor = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);
                    ClusterNodes.pause(Math.max(0, REDIS_TIMEOUT.multipliedBy(3).toMillis() - hungFor));
                    int lastBeforeThaw = sends.count();

                    long thawed = System.nanoTime();
                    redis.thaw();
                    frozen = false;
                    Probes up = probeUntil(a, r -> r.statusCode() == 200);
                    Duration back = Duration.ofNanos(up.doneNanos - thawed);
                    figures.put("/health/ready UP after SIGCONT", back.toMillis() + " ms");
                    checks.add(() -> assertTrue(back.compareTo(PING_PERIOD.plus(SLACK)) < 0, "UP after " + back.toMillis() + " ms"));
                    Duration resumed = ClusterNodes.await("cross-node delivery resumed", WAIT,
                            () -> atB.numbers().stream().anyMatch(n -> n > lastBeforeThaw));
                    figures.put("cross-node delivery resumed after SIGCONT", resumed.plus(back).toMillis() + " ms at most");
                    ClusterNodes.await("presence answered again", WAIT, () -> presence(asker).getBoolean("ok"));

                    sends.stop();
                    Files.createDirectories(Path.of("target"));
                    Files.writeString(Path.of("target", "slow-redis-neighbour.txt"),
                            neighbour.summary("Redis hung (SIGSTOP) under two nodes") + "\n" + sends.summary() + "\n"
                                    + figures.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList() + "\n");
                    long p99 = neighbour.scenarioP99Micros();
                    checks.add(() -> assertTrue(p99 < NEIGHBOUR_P99.toNanos() / 1000, "neighbour p99 " + p99 + " µs"));
                    checks.add(() -> neighbour.assertHealthy(NEIGHBOUR_MAX));
                    checks.add(() -> assertTrue(sends.slowestMicros() < AT_ONCE.toNanos() / 1000, sends.summary()));
                    checks.add(() -> assertTrue(atA.largestGapMillis() < AT_ONCE.toMillis() * 2,
                            "node A's member waited " + atA.largestGapMillis() + " ms between two room frames"));
                    ClusterNodes.await("node A's member got every frame", WAIT, () -> atA.numbers().size() >= sends.count());
                    checks.add(() -> assertEquals(sends.count(), atA.numbers().size(), "node A's member got frames twice"));
                    atA.close();
                    atB.close();
                }

                // Shutdown while Redis hangs again: bounded.
                redis.freeze();
                frozen = true;
                CompletableFuture<Duration> stopA = CompletableFuture.supplyAsync(() -> timed(a::stop));
                CompletableFuture<Duration> stopB = CompletableFuture.supplyAsync(() -> timed(b::stop));
                Duration tookA = stopA.get(30, TimeUnit.SECONDS);
                Duration tookB = stopB.get(30, TimeUnit.SECONDS);
                figures.put("stop with Redis hung", "A " + tookA.toMillis() + " ms, B " + tookB.toMillis() + " ms");
                Files.writeString(Path.of("target", "slow-redis-neighbour.txt"),
                        "stop with Redis hung: A " + tookA.toMillis() + " ms, B " + tookB.toMillis() + " ms\n",
                        java.nio.file.StandardOpenOption.APPEND);
                Duration stopBound = REDIS_TIMEOUT.multipliedBy(2).plus(SLACK);
                checks.add(() -> assertTrue(tookA.compareTo(stopBound) < 0 && tookB.compareTo(stopBound) < 0,
                        "stopped after " + tookA.toMillis() + " and " + tookB.toMillis() + " ms"));
            } finally {
                if (frozen) {
                    redis.thaw();
                }
                clients.forEach(TestClient::close);
                a.stop();
                b.stop();
            }
        }
        assertAll("Redis hung under two nodes: " + figures, checks);
    }

    /** A node on this Redis, with the test handlers and those that time their own calls. */
    private static GatehouseServer node(RedisServer redis, String id) {
        Map<String, String> settings = Nodes.settings(redis.uri(), id);
        settings.put("gatehouse.cluster.redis.timeout", REDIS_TIMEOUT.toMillis() + "ms");
        Gatehouse.Builder g = Gatehouse.builder().config(GatehouseConfig.from(ConfigSource.of(settings)).build());
        ClusterNodes.handlers(g);
        g.handler(FrameHandler.of("echo", JsonObject.class, (d, ctx) -> ctx.reply("echo", d)));
        g.handler(FrameHandler.of("room.send.timed", JsonObject.class, (d, ctx) -> {
            long start = System.nanoTime();
            ctx.connections().sendToRoom(d.getString("room"), "room.msg", d);
            ctx.reply("room.sent", Map.of("micros", (System.nanoTime() - start) / 1000));
        }));
        g.handler(AsyncFrameHandler.of("presence.count.timed", JsonObject.class, (d, ctx) -> {
            long start = System.nanoTime();
            var stage = ctx.connections().presence().count(d.getString("room"));
            long call = (System.nanoTime() - start) / 1000;
            return stage.handle((count, failure) -> {
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("ok", failure == null);
                answer.put("connections", failure == null ? count.connections() : -1);
                answer.put("micros", (System.nanoTime() - start) / 1000);
                answer.put("callMicros", call);
                return ctx.reply("presence.counted", answer);
            });
        }));
        return ClusterNodes.ready(GatehouseServer.builder(g.build()).port(0).build().start());
    }

    private static TestClient connect(GatehouseServer node, String user, List<TestClient> clients) {
        TestClient c = TestClient.connectWelcomed(node.uri(), TestServer.token(user));
        clients.add(c);
        return c;
    }

    private static void join(TestClient client, String room) {
        client.send("room.join", "j-" + room, json("room", room));
        Inbox.nextOfType(client, "room.joined", WAIT);
    }

    /** The presence count of the room, as the timed handler answers it. */
    private static JsonObject presence(TestClient asker) {
        asker.send("presence.count.timed", "p", json("room", ROOM));
        return Inbox.nextOfType(asker, "presence.counted", WAIT).getJsonObject("data");
    }

    /** Probes of {@code /health/ready}, every 50 ms, until one matches. */
    private record Probes(long doneNanos, Duration slowest) {
    }

    private static Probes probeUntil(GatehouseServer node, Predicate<HttpResponse<String>> match) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI ready = URI.create("http://127.0.0.1:" + node.port() + "/health/ready");
        Duration slowest = Duration.ZERO;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            long start = System.nanoTime();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(ready).timeout(WAIT).build(),
                    HttpResponse.BodyHandlers.ofString());
            Duration took = since(start);
            slowest = took.compareTo(slowest) > 0 ? took : slowest;
            if (match.test(r)) {
                return new Probes(System.nanoTime(), slowest);
            }
            ClusterNodes.pause(50);
        }
        throw new AssertionError("/health/ready never matched within " + WAIT);
    }

    private static Duration timed(Runnable r) {
        long start = System.nanoTime();
        r.run();
        return since(start);
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** The room frames one member receives: their numbers and when each arrived. */
    private static final class Received {
        private final List<long[]> frames = new CopyOnWriteArrayList<>();
        private final Thread reader;

        Received(TestClient member) {
            reader = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    JsonObject f = Inbox.poll(member, Duration.ofMillis(200));
                    if (f != null && "room.msg".equals(f.getString("type")) && f.getJsonObject("data").containsKey("n")) {
                        frames.add(new long[] {f.getJsonObject("data").getInt("n"), System.nanoTime()});
                    }
                }
            }, "member-reader");
            reader.setDaemon(true);
            reader.start();
        }

        void close() {
            reader.interrupt();
        }

        List<Integer> numbers() {
            return frames.stream().map(f -> (int) f[0]).toList();
        }

        /** The longest wait between two room frames since the scenario started (probes excluded). */
        long largestGapMillis() {
            long largest = 0;
            for (int i = 1; i < frames.size(); i++) {
                largest = Math.max(largest, frames.get(i)[1] - frames.get(i - 1)[1]);
            }
            return TimeUnit.NANOSECONDS.toMillis(largest);
        }
    }

    /** A sender on node A: a room frame every 20 ms through the timed handler, each handler call's time kept. */
    private static final class Sends {
        private final TestClient sender;
        private final List<Long> micros = Collections.synchronizedList(new ArrayList<>());
        private final Thread loop;
        private volatile boolean running = true;
        private volatile Throwable failure;
        private volatile int sent;
        private volatile int scenarioStart;

        Sends(TestClient sender) {
            this.sender = sender;
            this.loop = new Thread(this::run, "room-sender");
            loop.setDaemon(true);
            loop.start();
        }

        private void run() {
            try {
                while (running) {
                    sender.send("room.send.timed", "s" + sent, json("room", ROOM, "n", sent));
                    JsonObject sentAnswer = Inbox.nextOfType(sender, "room.sent", WAIT);
                    micros.add((long) sentAnswer.getJsonObject("data").getInt("micros"));
                    sent++;
                    Thread.sleep(20);
                }
            } catch (Throwable t) {
                failure = t;
            }
        }

        void startScenario() {
            scenarioStart = micros.size();
        }

        int count() {
            return sent;
        }

        void stop() throws InterruptedException {
            running = false;
            loop.join(WAIT.toMillis());
            if (failure != null) {
                throw new AssertionError("the sender stopped getting answers", failure);
            }
        }

        long slowestMicros() {
            synchronized (micros) {
                return micros.subList(scenarioStart, micros.size()).stream().mapToLong(Long::longValue).max().orElse(0);
            }
        }

        String summary() {
            return "room sends from a handler on node A: " + sent + ", the slowest sendToRoom call " + slowestMicros() + " µs";
        }
    }
}
