package dev.gatehouse.bench;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.Gatehouse;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.redis.RedisServer;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.MaintNotificationsConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Cross-node delivery latency on loopback: node A's {@code sendToRoom} to a member connected to node
 * B over Redis, against the floor of a bare Redis {@code PUBLISH} to a subscriber, both at a fixed
 * publish rate, in this JVM (the publish time travels in the payload as {@link System#nanoTime()}).
 * Starts its own {@code redis-server} (the {@code gatehouse-redis} tests' {@link RedisServer}).
 */
final class CrossNodeLatency implements AutoCloseable {
    private static final String ROOM = "bench:latency";
    private final RedisServer redis;
    private final String uri;
    private final GatehouseServer a;
    private final GatehouseServer b;
    private final Gatehouse gatehouseA;
    private final Gatehouse gatehouseB;

    CrossNodeLatency(String secret) throws Exception {
        redis = RedisServer.start();
        uri = redis.uri();
        gatehouseA = node(secret, "bench-a");
        a = GatehouseServer.builder(gatehouseA).port(0).build().start();
        gatehouseB = node(secret, "bench-b");
        b = GatehouseServer.builder(gatehouseB).port(0).build().start();
    }

    private Gatehouse node(String secret, String id) {
        ConfigSource source = ConfigSource.of(Map.of("gatehouse.jwt.secret", secret, "gatehouse.cluster.node-id", id,
                "gatehouse.cluster.redis.uri", uri, "gatehouse.max-connections-per-user", "0"));
        return Gatehouse.builder().config(GatehouseConfig.from(source).build())
                .connectionSetup(c -> {
                    c.rooms().join(ROOM);
                    return CompletableFuture.completedFuture(null);
                })
                .build();
    }

    /** A run of Gatehouse A → B at {@code rate} publishes/s for {@code nanos}. */
    Measurement gatehouse(String token, int rate, long nanos) throws Exception {
        Histogram h = new Histogram(3);
        java.util.concurrent.atomic.AtomicBoolean measuring = new java.util.concurrent.atomic.AtomicBoolean();
        CountDownLatch probed = new CountDownLatch(1);
        CountDownLatch welcomed = new CountDownLatch(1);
        // callbacks on the client's selector thread: no hop of the client's own in the figure
        WebSocket ws = HttpClient.newBuilder().executor(Runnable::run).build().newWebSocketBuilder()
                .subprotocols("gatehouse.v1", "bearer." + token)
                .buildAsync(URI.create("ws://127.0.0.1:" + b.port() + "/ws"), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            String frame = text.toString();
                            text.setLength(0);
                            int at = frame.indexOf("\"t\":");
                            if (at >= 0) {
                                long sent = Long.parseLong(frame.substring(at + 4, frame.indexOf('}', at)));
                                if (measuring.get()) {
                                    h.recordValue(Math.max(0, (System.nanoTime() - sent) / 1000));
                                } else {
                                    probed.countDown();
                                }
                            } else if (frame.contains("connection_established")) {
                                welcomed.countDown();
                            }
                        }
                        socket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        welcomed.await(10, TimeUnit.SECONDS);
        awaitSubscription(probed);
        measuring.set(true);
        Gatehouse from = Boolean.getBoolean("bench.latency.local") ? gatehouseB : gatehouseA;
        long published = publishAtRate(rate, nanos, n -> from.connections()
                .sendToRoom(ROOM, "t", Map.of("t", System.nanoTime())));
        Thread.sleep(200);
        ws.sendClose(1000, "").get(5, TimeUnit.SECONDS);
        return measurement(h, published);
    }

    /** A run of bare Redis PUBLISH → subscriber at {@code rate} for {@code nanos}. */
    Measurement bare(int rate, long nanos) throws Exception {
        Histogram h = new Histogram(3);
        RedisClient client = RedisClient.create(uri);
        // as the backplane does: maintenance notices need SLF4J, which the bench does not carry
        client.setOptions(ClientOptions.builder().maintNotificationsConfig(MaintNotificationsConfig.disabled()).build());
        try (StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
                StatefulRedisConnection<String, String> pub = client.connect()) {
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    h.recordValue(Math.max(0, (System.nanoTime() - Long.parseLong(message)) / 1000));
                }
            });
            sub.sync().subscribe("bare:latency");
            long published = publishAtRate(rate, nanos, n -> pub.async().publish("bare:latency",
                    Long.toString(System.nanoTime())));
            Thread.sleep(200);
            return measurement(h, published);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** Waits until node B's room subscription carries A's sends: probes every 10 ms until one arrives. */
    private void awaitSubscription(CountDownLatch probed) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!probed.await(10, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline) {
            gatehouseA.connections().sendToRoom(ROOM, "t", Map.of("t", System.nanoTime()));
        }
        Thread.sleep(50); // the last probes land before measuring starts
    }

    private interface Publish {
        void publish(long n);
    }

    private static long publishAtRate(int rate, long nanos, Publish publish) {
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long n = 0;
        for (long next = start; next - start < nanos; next += interval) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            publish.publish(n++);
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
        redis.close();
    }
}
