package dev.gatehouse.bench;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.Gatehouse;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.redis.RedisServer;
import dev.gatehouse.spi.FrameHandler;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * What room history costs, on two nodes over a Redis this run starts, in this JVM: node A's
 * {@code sendToRoom} at a fixed rate to a member on node B, in a room with history (one Lua script:
 * {@code XADD} and {@code PUBLISH}) against one without ({@code PUBLISH}), with the delivery p99 and
 * the CPU per publish of this JVM and of redis-server together; and the time a client that missed
 * N frames takes to get them back (from its {@code recover} and join to the {@code room_recovery}
 * event) against the time the same N frames take to arrive live.
 */
final class HistoryCost implements AutoCloseable {
    static final String HISTORY = "bench:history";
    static final String PLAIN = "bench:plain";
    private final RedisServer redis;
    private final Gatehouse gatehouseA;
    private final Gatehouse gatehouseB;
    private final GatehouseServer a;
    private final GatehouseServer b;

    HistoryCost(String secret) {
        redis = RedisServer.start();
        gatehouseA = node(secret, "history-a");
        a = GatehouseServer.builder(gatehouseA).port(0).build().start();
        gatehouseB = node(secret, "history-b");
        b = GatehouseServer.builder(gatehouseB).port(0).build().start();
    }

    private Gatehouse node(String secret, String id) {
        ConfigSource source = ConfigSource.of(Map.of("gatehouse.jwt.secret", secret, "gatehouse.cluster.node-id", id,
                "gatehouse.cluster.redis.uri", redis.uri(), "gatehouse.cluster.secret", CrossNode.CLUSTER_SECRET,
                "gatehouse.max-connections-per-user", "0",
                "gatehouse.history.rooms", HISTORY + ";size=5000", "gatehouse.history.recovery-limit", "1000",
                "gatehouse.history.timeout", "10s"));
        return Gatehouse.builder().config(GatehouseConfig.from(source).build())
                .handler(FrameHandler.of("join", JsonObject.class, (d, ctx) -> {
                    ctx.rooms().join(d.getString("room"));
                    ctx.reply("joined", null);
                }))
                .build();
    }

    /**
     * A run at {@code rate} publishes/s for {@code nanos}: the delivery p99 in µs (p50 too), and the
     * CPU of this JVM and redis-server per publish.
     */
    Measurement publish(boolean history, String token, int rate, long nanos) throws Exception {
        String room = history ? HISTORY : PLAIN;
        Histogram h = new Histogram(3);
        try (Client member = Client.connect(b.port(), token, text -> {
            int at = text.indexOf("\"t\":");
            if (at >= 0) {
                h.recordValue(Math.max(0, (System.nanoTime() - Long.parseLong(text.substring(at + 4,
                        text.indexOf('}', at)))) / 1000));
            }
        })) {
            member.join(room);
            probe(room, () -> h.getTotalCount() > 0);
            h.reset();
            long cpu0 = cpuNanos();
            long t0 = System.nanoTime();
            long published = 0;
            long interval = 1_000_000_000L / rate;
            for (long next = t0; next - t0 < nanos; next += interval) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                gatehouseA.connections().sendToRoom(room, "t", Map.of("t", System.nanoTime()));
                published++;
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (h.getTotalCount() < published && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            long wall = System.nanoTime() - t0;
            double cpu = (cpuNanos() - cpu0) / 1e3 / Math.max(1, published);
            return new Measurement(h.getValueAtPercentile(99), h.getValueAtPercentile(50), h.getValueAtPercentile(99),
                    cpu, 0, 0, -1, published - h.getTotalCount(), 0);
        }
    }

    /**
     * The time in ms until a client has {@code missed} frames of the history room: replayed after
     * its {@code recover} and join (until {@code room_recovery}), or, bare, published by node A while
     * it is connected (until the last arrives).
     */
    Measurement recover(boolean live, String token, int missed) throws Exception {
        BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        String epoch;
        long offset;
        try (Client first = Client.connect(b.port(), token, text -> frames.add(parse(text)))) {
            first.join(HISTORY);
            frames.clear();
            gatehouseA.connections().sendToRoom(HISTORY, "n", Map.of("n", 0));
            JsonObject probe = next(frames, "n");
            epoch = probe.getString("epoch");
            offset = probe.getJsonNumber("offset").longValue();
            if (live) {
                long t0 = System.nanoTime();
                for (int i = 1; i <= missed; i++) {
                    gatehouseA.connections().sendToRoom(HISTORY, "n", Map.of("n", i));
                }
                for (int i = 1; i <= missed; i++) {
                    next(frames, "n");
                }
                return new Measurement((System.nanoTime() - t0) / 1e6, -1, -1, -1, 0, 0, -1, 0, 0);
            }
        }
        AtomicLong stored = new AtomicLong();
        try (Client watcher = Client.connect(b.port(), token, text -> {
            if (text.contains("\"offset\"")) {
                stored.incrementAndGet();
            }
        })) {
            watcher.join(HISTORY);
            for (int i = 1; i <= missed; i++) {
                gatehouseA.connections().sendToRoom(HISTORY, "n", Map.of("n", i));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (stored.get() < missed && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
        }
        frames.clear();
        try (Client back = Client.connect(b.port(), token, text -> frames.add(parse(text)))) {
            long t0 = System.nanoTime();
            back.send("{\"type\":\"recover\",\"data\":{\"rooms\":{\"" + HISTORY + "\":{\"epoch\":\"" + epoch
                    + "\",\"offset\":" + offset + "}}}}");
            back.send("{\"type\":\"join\",\"data\":{\"room\":\"" + HISTORY + "\"}}");
            JsonObject event = next(frames, "system_message");
            long t = System.nanoTime() - t0;
            JsonObject data = event.getJsonObject("data");
            boolean ok = data.getBoolean("recovered", false) && data.getInt("replayed", 0) == missed;
            return new Measurement(t / 1e6, -1, -1, -1, 0, 0, -1, ok ? 0 : 1, 0);
        }
    }

    /** Sends to the room until a frame has come through (the member's subscription is in place). */
    private void probe(String room, java.util.function.BooleanSupplier arrived) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!arrived.getAsBoolean() && System.nanoTime() < deadline) {
            gatehouseA.connections().sendToRoom(room, "t", Map.of("t", System.nanoTime()));
            Thread.sleep(10);
        }
        Thread.sleep(50);
    }

    /** This JVM's CPU time and redis-server's, in ns. */
    private long cpuNanos() {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        double redisSeconds = 0;
        for (String line : redis.command("INFO", "cpu").split("\r?\n")) {
            if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                redisSeconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return jvm + (long) (redisSeconds * 1e9);
    }

    private static JsonObject parse(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static JsonObject next(BlockingQueue<JsonObject> frames, String type) throws InterruptedException {
        while (true) {
            JsonObject f = frames.poll(30, TimeUnit.SECONDS);
            if (f == null) {
                throw new IllegalStateException("no " + type + " frame within 30 s");
            }
            if (f.getString("type").equals(type)) {
                return f;
            }
        }
    }

    @Override
    public void close() {
        a.stop();
        b.stop();
        redis.close();
    }

    /** A WebSocket client whose text frames go to a callback on its selector thread. */
    private static final class Client implements AutoCloseable {
        private final WebSocket ws;
        private final BlockingQueue<String> replies;

        private Client(WebSocket ws, BlockingQueue<String> replies) {
            this.ws = ws;
            this.replies = replies;
        }

        /**
         * Connects as a client does after a node starts: a 503 (the node has not read the revocations
         * the backplane keeps yet) is tried again, for up to 30 s.
         */
        static Client connect(int port, String token, java.util.function.Consumer<String> frames) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try {
                    return connectOnce(port, token, frames);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof java.net.http.WebSocketHandshakeException refused)
                            || refused.getResponse().statusCode() != 503 || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(50);
                }
            }
        }

        private static Client connectOnce(int port, String token, java.util.function.Consumer<String> frames) throws Exception {
            BlockingQueue<String> replies = new LinkedBlockingQueue<>();
            CompletableFuture<Void> welcomed = new CompletableFuture<>();
            WebSocket ws = HttpClient.newBuilder().executor(Runnable::run).build().newWebSocketBuilder()
                    .subprotocols("gatehouse.v1", "bearer." + token)
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                String frame = text.toString();
                                text.setLength(0);
                                if (frame.contains("connection_established")) {
                                    welcomed.complete(null);
                                } else if (frame.contains("\"type\":\"joined\"")) {
                                    replies.add(frame);
                                } else {
                                    frames.accept(frame);
                                }
                            }
                            socket.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            welcomed.get(10, TimeUnit.SECONDS);
            return new Client(ws, replies);
        }

        void send(String frame) {
            ws.sendText(frame, true).join();
        }

        void join(String room) throws InterruptedException {
            send("{\"type\":\"join\",\"data\":{\"room\":\"" + room + "\"}}");
            if (replies.poll(10, TimeUnit.SECONDS) == null) {
                throw new IllegalStateException("no answer to the join");
            }
        }

        @Override
        public void close() {
            ws.sendClose(1000, "").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
    }
}
