package dev.gatehouse.redis;

import static dev.gatehouse.testkit.cluster.ClusterNodes.json;
import static dev.gatehouse.testkit.cluster.Inbox.nextOfType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.GatehouseServer;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import dev.gatehouse.testkit.cluster.ClusterNodes;
import dev.gatehouse.testkit.cluster.Inbox;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * One failover measured (the Sentinel and Cluster tests): node A sends a numbered frame to a room
 * with history every 10 ms ({@code sendToRoom} on the node); {@code live}, a client of node B,
 * is in the room throughout; {@code away}, another client of B, leaves with its position before the
 * failover and comes back after it with {@code recover}. The failover is the caller's
 * ({@link #failover}). Counted: the outage (from the failover's start until B's client gets the
 * first frame sent after it), frames lost, what the live client was told ({@code room_recovery})
 * and what the returning one recovered; checked: offsets without holes within an epoch, a new epoch
 * only after a {@code recovered: false}, no frame twice, none out of order.
 */
final class FailoverRun {
    static final String ROOM = "log:feed"; // a room with history in the behaviour suite's settings
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** One numbered frame as the live client got it. */
    record Got(int n, String epoch, long offset, long atNanos) {
    }

    /**
     * What one run counted.
     *
     * @param sent frames sent
     * @param received distinct frames the live client got
     * @param outageMs the longest pause between two frames reaching B's client (sent every 10 ms)
     * @param firstAfterMs from the failover's start until B's client got the first frame sent after it
     * @param unpublished frames A counted as not published (the history did not take them)
     * @param liveRecoveries the live client's room_recovery events ({@code true} or {@code false:reason})
     * @param epochs epochs the live client saw
     * @param returning what the returning client's room_recovery said, with the frames replayed
     */
    record Figures(int sent, int received, long outageMs, long firstAfterMs, long unpublished,
            List<String> liveRecoveries, int epochs, String returning) {
        int lost() {
            return sent - received;
        }

        String line(String scenario) {
            return String.format("FAILOVER %s: sent=%d (every 10 ms) received=%d lost=%d unpublished=%d outage=%d ms"
                    + " (first frame sent after the start received %d ms after it) epochs=%d live room_recovery=%s"
                    + " returning client=%s", scenario, sent, received, lost(), unpublished, outageMs, firstAfterMs,
                    epochs, liveRecoveries, returning);
        }
    }

    private FailoverRun() {
    }

    /**
     * Runs: 1.5 s of frames, {@code away} leaves, {@code failover} runs (returns when the engine has
     * failed over), frames until B's client has the first one sent after the failover's start and
     * {@code settled} holds (both nodes on the new servers), plus 1 s more, then {@code away} comes
     * back.
     */
    @SuppressWarnings("try") // away is closed early, on purpose
    static Figures failover(GatehouseServer a, GatehouseServer b, Runnable failover, BooleanSupplier settled)
            throws Exception {
        try (TestClient away = TestClient.connectWelcomed(b.uri(), TestServer.token("away"));
                Live live = new Live(TestClient.connectWelcomed(b.uri(), TestServer.token("live")))) {
            join(live.client);
            join(away);
            awaitRoute(a, live.client);
            Inbox.drain(away, "probe", Duration.ofMillis(200));
            live.start();
            long unpublishedBefore = a.gatehouse().clusterStatus().unpublished();
            AtomicInteger sent = new AtomicInteger();
            AtomicBoolean sending = new AtomicBoolean(true);
            long[] sentAt = new long[100_000];
            Thread sender = new Thread(() -> {
                for (int n = 1; sending.get() && n < sentAt.length; n++) {
                    sentAt[n] = System.nanoTime();
                    a.gatehouse().connections().sendToRoom(ROOM, "num", Map.of("n", n));
                    sent.set(n);
                    ClusterNodes.pause(10);
                }
            }, "failover-sender");
            sender.start();
            try {
                ClusterNodes.pause(1500);
                JsonObject last = lastNum(away, Duration.ofMillis(300));
                String awayEpoch = last.getString("epoch");
                long awayOffset = last.getJsonNumber("offset").longValue();
                String awayConnection = away.connectionId();
                away.close();
                long start = System.nanoTime();
                failover.run();
                ClusterNodes.await("a frame sent after the failover's start reaching B, and the nodes settled", WAIT,
                        () -> firstAfter(live.got(), sentAt, start) != null && settled.getAsBoolean());
                long firstAfterMs = TimeUnit.NANOSECONDS.toMillis(firstAfter(live.got(), sentAt, start).atNanos() - start);
                ClusterNodes.pause(1000);
                String returning = comeBack(b, awayEpoch, awayOffset, awayConnection);
                sending.set(false);
                sender.join();
                int total = sent.get();
                ClusterNodes.await("the last frame at the live client", Duration.ofSeconds(10),
                        () -> live.got().stream().anyMatch(g -> g.n() == total));
                ClusterNodes.pause(300);
                live.stop();
                List<Got> got = live.got();
                check(live.heard());
                long unpublished = a.gatehouse().clusterStatus().unpublished() - unpublishedBefore;
                Set<Integer> distinct = new HashSet<>();
                got.forEach(g -> distinct.add(g.n()));
                assertEquals(got.size(), distinct.size(), "a frame reached the live client twice");
                if (Boolean.getBoolean("gatehouse.test.failover-trace")) {
                    trace(got, sentAt, start);
                }
                long outageMs = 0;
                for (int i = 1; i < got.size(); i++) {
                    outageMs = Math.max(outageMs, TimeUnit.NANOSECONDS.toMillis(got.get(i).atNanos() - got.get(i - 1).atNanos()));
                }
                return new Figures(total, distinct.size(), outageMs, firstAfterMs, unpublished, live.recoveries(),
                        (int) got.stream().map(Got::epoch).distinct().count(), returning);
            } finally {
                sending.set(false);
                sender.join(5000);
            }
        }
    }

    /** Prints the frames around each pause, skip or epoch change, with times from the failover's start. */
    private static void trace(List<Got> got, long[] sentAt, long start) {
        for (int i = 1; i < got.size(); i++) {
            Got p = got.get(i - 1);
            Got g = got.get(i);
            if (g.atNanos() - p.atNanos() > 200_000_000L || g.n() != p.n() + 1 || !g.epoch().equals(p.epoch())) {
                System.out.printf("TRACE %s sent %+d ms got %+d ms -> %s sent %+d ms got %+d ms%n", p,
                        (sentAt[p.n()] - start) / 1_000_000, (p.atNanos() - start) / 1_000_000, g,
                        (sentAt[g.n()] - start) / 1_000_000, (g.atNanos() - start) / 1_000_000);
            }
        }
    }

    /** Reads the live client on a thread of its own, noting when each frame came. */
    private static final class Live implements AutoCloseable {
        final TestClient client;
        private final List<Object> heard = new ArrayList<>(); // Got and room_recovery data, in order; guarded by itself
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread = new Thread(this::run, "failover-live");

        Live(TestClient client) {
            this.client = client;
        }

        void start() {
            thread.start();
        }

        private void run() {
            while (running.get()) {
                JsonObject f = Inbox.poll(client, Duration.ofMillis(50));
                if (f == null) {
                    continue;
                }
                long at = System.nanoTime();
                if ("num".equals(f.getString("type"))) {
                    add(new Got(f.getJsonObject("data").getInt("n"), f.getString("epoch"),
                            f.getJsonNumber("offset").longValue(), at));
                } else if (Inbox.isEvent(f, "room_recovery")) {
                    add(f.getJsonObject("data"));
                }
            }
        }

        private void add(Object o) {
            synchronized (heard) {
                heard.add(o);
            }
        }

        List<Object> heard() {
            synchronized (heard) {
                return List.copyOf(heard);
            }
        }

        List<Got> got() {
            return heard().stream().filter(Got.class::isInstance).map(Got.class::cast).toList();
        }

        List<String> recoveries() {
            return heard().stream().filter(JsonObject.class::isInstance).map(JsonObject.class::cast)
                    .map(d -> d.getBoolean("recovered") ? "true" : "false:" + d.getString("reason", "?")).toList();
        }

        void stop() {
            running.set(false);
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            stop();
            client.close();
        }
    }

    /** Within an epoch, offsets one after the other and numbers increasing; a new epoch only after recovered:false. */
    private static void check(List<Object> heard) {
        Got previous = null;
        boolean toldLost = false;
        for (Object h : heard) {
            if (h instanceof JsonObject event) {
                toldLost |= !event.getBoolean("recovered");
                continue;
            }
            Got g = (Got) h;
            if (previous != null) {
                assertTrue(g.n() > previous.n(), "out of order: " + previous + " then " + g);
                if (g.epoch().equals(previous.epoch())) {
                    assertEquals(previous.offset() + 1, g.offset(), "a hole in the offsets without a word: " + previous
                            + " then " + g);
                } else {
                    assertTrue(toldLost, "a new epoch without room_recovery recovered:false: " + previous + " then " + g);
                }
            }
            previous = g;
            toldLost = false;
        }
    }

    /** The away client's return: recover with its position, join, and what room_recovery said. */
    private static String comeBack(GatehouseServer b, String epoch, long offset, String previous) {
        try (TestClient back = TestClient.connectWelcomed(b.uri(), TestServer.token("away"))) {
            back.send("recover", null, Json.createObjectBuilder()
                    .add("rooms", Json.createObjectBuilder().add(ROOM,
                            Json.createObjectBuilder().add("epoch", epoch).add("offset", offset)))
                    .add("previous_connection_id", previous).build());
            back.send("room.join", "j", json("room", ROOM)); // room.joined may come after the room_recovery: not waited for
            int replayed = 0;
            List<String> others = new ArrayList<>();
            JsonObject firstNum = null;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                JsonObject f = Inbox.poll(back, Duration.ofMillis(200));
                if (f == null) {
                    continue;
                }
                if ("num".equals(f.getString("type"))) {
                    replayed++;
                    firstNum = firstNum == null ? f : firstNum;
                } else if (Inbox.isEvent(f, "room_recovery")) {
                    JsonObject d = f.getJsonObject("data");
                    return d.getBoolean("recovered") ? "recovered:true replayed=" + d.getInt("replayed")
                            : "recovered:false reason=" + d.getString("reason", "?") + " (frames before it: " + replayed + ")";
                } else if (others.size() < 10) {
                    others.add(f.toString());
                }
            }
            throw new AssertionError("no room_recovery for the returning client within " + WAIT + " (stated " + epoch
                    + "/" + offset + "; " + replayed + " frames, the first " + firstNum + "; others " + others + ")");
        }
    }

    private static Got firstAfter(List<Got> got, long[] sentAt, long start) {
        for (Got g : got) {
            if (sentAt[g.n()] > start) {
                return g;
            }
        }
        return null;
    }

    /** The away client's latest numbered frame, reading what came for {@code within}. */
    private static JsonObject lastNum(TestClient c, Duration within) {
        JsonObject last = null;
        long until = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < until) {
            JsonObject f = Inbox.poll(c, Duration.ofMillis(50));
            if (f != null && "num".equals(f.getString("type"))) {
                last = f;
            }
        }
        if (last == null) {
            throw new AssertionError("the away client got no frame");
        }
        return last;
    }

    private static void join(TestClient c) {
        c.send("room.join", "j", json("room", ROOM));
        nextOfType(c, "room.joined", WAIT);
    }

    /** Probes from A until the live client gets one: B subscribes the room. */
    private static void awaitRoute(GatehouseServer a, TestClient live) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            a.gatehouse().connections().sendToRoom(ROOM, "probe", Map.of());
            JsonObject f = Inbox.poll(live, Duration.ofMillis(100));
            if (f != null && "probe".equals(f.getString("type"))) {
                break;
            }
            assertTrue(System.nanoTime() < deadline, "the room was not routed to B within " + WAIT);
        }
        Inbox.drain(live, "probe", Duration.ofMillis(200));
    }
}
