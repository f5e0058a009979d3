package dev.gatehouse.bench;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.Gatehouse;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.spi.Backplane;
import dev.gatehouse.spi.BackplaneProvider;
import dev.gatehouse.spi.HistoryStore;
import dev.gatehouse.testkit.cluster.Engine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Two nodes on one backplane engine, in this JVM (unpinned): what crossing the engine costs.
 * <ul>
 * <li>Latency: node A's {@code sendToRoom} at a fixed rate to a member connected to node B, the
 *     publish time travelling in the payload as {@link System#nanoTime()}; against the floor of the
 *     engine's backplane alone (two {@link Backplane}s made by the same provider from the same
 *     settings: A's {@code publish} to B's receiver), so the ratio is Gatehouse's own path.</li>
 * <li>Fan-out: node A's {@code sendToRoom} to a room of members on node B, as fast as A sends,
 *     against the same frames to the same number of members on A itself (no engine on the path);
 *     the rate counts frames the clients received.</li>
 * </ul>
 * Every connection to node X joins room {@code bench:on-X} when it opens.
 */
final class CrossNode implements AutoCloseable {
    private static final String ROOM_A = "bench:on-a";
    private static final String ROOM_B = "bench:on-b";
    private static final String BARE_TOPIC = "room:bench:bare";
    private final Engine engine;
    /** The secret the bench's nodes sign their backplane messages with. */
    static final String CLUSTER_SECRET = "bench-cluster-secret-of-at-least-32-bytes";
    private final String secret;
    private final Gatehouse gatehouseA;
    private final GatehouseServer a;
    private final GatehouseServer b;

    CrossNode(Engine engine, String secret) {
        this.engine = engine;
        this.secret = secret;
        gatehouseA = node("a");
        a = GatehouseServer.builder(gatehouseA).port(0).build().start();
        b = GatehouseServer.builder(node("b")).port(0).build().start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(gatehouseA.clusterStatus().connected() && b.gatehouse().clusterStatus().connected())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(engine.name() + ": the nodes did not connect within 30 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** {@return the engine's name, for the rows} */
    String engine() {
        return engine.name();
    }

    private Gatehouse node(String id) {
        Map<String, String> settings = new HashMap<>(engine.nodeSettings("bench-" + id));
        settings.put("gatehouse.jwt.secret", secret);
        settings.put("gatehouse.cluster.secret", CLUSTER_SECRET);
        settings.put("gatehouse.cluster.node-id", "bench-" + id);
        settings.put("gatehouse.max-connections-per-user", "0");
        String room = "bench:on-" + id;
        return Gatehouse.builder().config(GatehouseConfig.from(ConfigSource.of(settings)).build())
                .connectionSetup(c -> {
                    c.rooms().join(room);
                    return CompletableFuture.completedFuture(null);
                })
                .build();
    }

    /** A run of Gatehouse A → a member on B at {@code rate} publishes/s for {@code nanos}. */
    Measurement latency(String token, int rate, long nanos) throws Exception {
        Histogram h = new Histogram(3);
        AtomicBoolean measuring = new AtomicBoolean();
        CountDownLatch probed = new CountDownLatch(1);
        WebSocket ws = connect(b, token, frame -> {
            int at = frame.indexOf("\"t\":");
            if (at >= 0) {
                long sent = Long.parseLong(frame.substring(at + 4, frame.indexOf('}', at)));
                if (measuring.get()) {
                    h.recordValue(Math.max(0, (System.nanoTime() - sent) / 1000));
                } else {
                    probed.countDown();
                }
            }
        });
        awaitProbe(probed, () -> gatehouseA.connections().sendToRoom(ROOM_B, "t", Map.of("t", System.nanoTime())));
        measuring.set(true);
        long published = publishAtRate(rate, nanos,
                () -> gatehouseA.connections().sendToRoom(ROOM_B, "t", Map.of("t", System.nanoTime())));
        Thread.sleep(200);
        ws.sendClose(1000, "").get(5, TimeUnit.SECONDS);
        return measurement(h, published);
    }

    /** A run of the engine's backplane alone, A's publish → B's receiver, at {@code rate} for {@code nanos}. */
    Measurement bareLatency(int rate, long nanos) throws Exception {
        Histogram h = new Histogram(3);
        AtomicBoolean measuring = new AtomicBoolean();
        CountDownLatch probed = new CountDownLatch(1);
        try (Backplane from = backplane("bare-a"); Backplane to = backplane("bare-b")) {
            from.start(receiver(m -> { }));
            to.start(receiver(m -> {
                if (measuring.get()) {
                    h.recordValue(Math.max(0, (System.nanoTime() - Long.parseLong(m)) / 1000));
                } else {
                    probed.countDown();
                }
            }));
            to.subscribe(BARE_TOPIC);
            awaitProbe(probed, () -> from.publish(BARE_TOPIC, Long.toString(System.nanoTime())));
            measuring.set(true);
            long published = publishAtRate(rate, nanos, () -> from.publish(BARE_TOPIC, Long.toString(System.nanoTime())));
            Thread.sleep(200);
            return measurement(h, published);
        }
    }

    /**
     * {@code frames} sends from node A to a room of {@code members} connections on node B
     * ({@code local}: on A itself), as fast as A sends them; the value is frames received per second.
     */
    Measurement fanOut(TokenPool tokens, boolean local, int members, int frames) throws Exception {
        GatehouseServer on = local ? a : b;
        String room = local ? ROOM_A : ROOM_B;
        AtomicLong received = new AtomicLong();
        CountDownLatch probed = new CountDownLatch(members); // each member counts down at its first frame
        List<WebSocket> held = new ArrayList<>(members);
        try {
            for (int i = 0; i < members; i++) {
                AtomicBoolean first = new AtomicBoolean(true);
                held.add(connect(on, tokens.next(), frame -> {
                    if (frame.startsWith("{\"type\":\"f\"")) {
                        received.incrementAndGet();
                        if (first.getAndSet(false)) {
                            probed.countDown();
                        }
                    }
                }));
            }
            awaitProbe(probed, () -> gatehouseA.connections().sendToRoom(room, "f", Map.of()));
            Thread.sleep(200);
            long start = received.get();
            long t0 = System.nanoTime();
            for (int n = 0; n < frames; n++) {
                gatehouseA.connections().sendToRoom(room, "f", Map.of("n", n));
            }
            long expected = (long) frames * members;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received.get() - start < expected && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            long wall = System.nanoTime() - t0;
            long got = received.get() - start;
            return new Measurement(got / (wall / 1e9), -1, -1, -1, 0, 0, -1, expected - got, 0);
        } finally {
            for (WebSocket ws : held) {
                ws.abort();
            }
        }
    }

    private Backplane backplane(String nodeId) {
        ConfigSource settings = ConfigSource.of(engine.nodeSettings(nodeId));
        BackplaneProvider.Node node = new BackplaneProvider.Node(nodeId, Duration.ofSeconds(10));
        return ServiceLoader.load(BackplaneProvider.class).stream()
                .map(p -> p.get().create(settings, node)).flatMap(java.util.Optional::stream).findFirst()
                .orElseThrow(() -> new IllegalStateException("no backplane provider answers for " + engine.name()));
    }

    private static Backplane.Receiver receiver(Consumer<String> messages) {
        return new Backplane.Receiver() {
            @Override
            public void receive(String topic, String message) {
                messages.accept(message);
            }

            @Override
            public void receive(String topic, HistoryStore.Position position, String message) {
                messages.accept(message);
            }
        };
    }

    /** A client of {@code node} whose text frames go to {@code frames}, on the client's selector thread; welcomed. */
    private static WebSocket connect(GatehouseServer node, String token, Consumer<String> frames) throws Exception {
        CountDownLatch welcomed = new CountDownLatch(1);
        WebSocket ws = HttpClient.newBuilder().executor(Runnable::run).build().newWebSocketBuilder()
                .subprotocols("gatehouse.v1", "bearer." + token)
                .buildAsync(URI.create("ws://127.0.0.1:" + node.port() + "/ws"), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            String frame = text.toString();
                            text.setLength(0);
                            if (frame.contains("connection_established")) {
                                welcomed.countDown();
                            } else {
                                frames.accept(frame);
                            }
                        }
                        socket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        if (!welcomed.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("not welcomed within 10 s");
        }
        return ws;
    }

    /** Probes every 10 ms until the latch opens: the route is in place. */
    private static void awaitProbe(CountDownLatch probed, Runnable probe) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!probed.await(10, TimeUnit.MILLISECONDS)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the route did not carry a probe within 10 s");
            }
            probe.run();
        }
        Thread.sleep(50); // the last probes land before measuring starts
    }

    private static long publishAtRate(int rate, long nanos, Runnable publish) {
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long n = 0;
        for (long next = start; next - start < nanos; next += interval) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            publish.run();
            n++;
        }
        return n;
    }

    private static Measurement measurement(Histogram h, long published) {
        return new Measurement(h.getValueAtPercentile(99), h.getValueAtPercentile(50), h.getValueAtPercentile(99),
                -1, 0, 0, -1, published - h.getTotalCount(), 0);
    }

    @Override
    public void close() {
        a.stop();
        b.stop();
        engine.close();
    }
}
