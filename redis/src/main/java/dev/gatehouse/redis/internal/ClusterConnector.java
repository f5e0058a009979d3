package dev.gatehouse.redis.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * A Redis Cluster through Lettuce's {@link RedisClusterClient}: each command goes to the primary
 * owning its first key's slot (the history and presence scripts keep their keys in one slot, by
 * hash tag), each SSUBSCRIBE to the primary owning its channel's slot, on a pub/sub connection of
 * that node's own; MOVED and ASK are followed. The topology is read again every
 * {@link #PERIODIC_REFRESH}, on Lettuce's adaptive triggers (redirects, reconnects that keep
 * failing, uncovered slots; at most once per {@link #ADAPTIVE_LIMIT}), and when the backplane reports
 * {@link #trouble()} (at most once a second): after a primary is lost, the next reading finds the
 * promoted replica once the cluster has promoted it. Lettuce opens a connection's link to a shard
 * when a command first goes there and, failing fast while disconnected, refuses the commands that
 * would wait for it: the links to every primary are opened before a connection is used, and before
 * subscriptions are issued again ({@link #open}). Thread-safe: the first reading of the topology
 * is guarded by {@code this}, the rest is Lettuce's.
 */
final class ClusterConnector implements RedisConnector {
    static final Duration PERIODIC_REFRESH = Duration.ofSeconds(10);
    static final Duration ADAPTIVE_LIMIT = Duration.ofSeconds(1);
    private static final long TROUBLE_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final RedisClusterClient client;
    private final String topology;
    private final AtomicLong lastRefresh = new AtomicLong(System.nanoTime() - TROUBLE_REFRESH_NANOS);
    /** The first reading of the topology; guarded by {@code this}. */
    private CompletableFuture<Void> initialized;
    /** The latest command connection, for the shard count in {@link #topology()}. */
    private volatile StatefulRedisClusterConnection<String, String> latest;

    ClusterConnector(RedisSettings settings, ClientResources resources, ClientOptions options) {
        this.client = RedisClusterClient.create(resources, settings.seedUris());
        ClusterClientOptions.Builder b = ClusterClientOptions.builder(options);
        LettuceBackplane.common(b, settings); // what builder(options) does not copy
        client.setOptions(b.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                .enablePeriodicRefresh(PERIODIC_REFRESH) // the adaptive triggers are all on by default (Lettuce 7)
                .adaptiveRefreshTriggersTimeout(ADAPTIVE_LIMIT)
                .refreshTriggersReconnectAttempts(3)
                .dynamicRefreshSources(true)
                .closeStaleConnections(true)
                .build()).build());
        this.topology = settings.topology();
    }

    /** A command connection whose links to the primaries are open (or failed to open). */
    @Override
    public CompletableFuture<StatefulConnection<String, String>> connect() {
        return partitions().thenCompose(ok -> client.connectAsync(StringCodec.UTF8)).thenCompose(c -> {
            latest = c;
            return toPrimaries(c.getPartitions(), c::getConnectionAsync).thenApply(done -> c);
        });
    }

    /** A pub/sub connection whose links to the primaries are open (or failed to open). */
    @Override
    public CompletableFuture<StatefulRedisPubSubConnection<String, String>> connectPubSub() {
        return partitions().thenCompose(ok -> client.connectPubSubAsync(StringCodec.UTF8))
                .thenCompose(p -> open(p).thenApply(done -> p));
    }

    /** Opens the pub/sub connection's link to each primary that holds slots now (a new one after a failover). */
    @Override
    public CompletableFuture<Void> open(StatefulRedisPubSubConnection<String, String> pubsub) {
        StatefulRedisClusterPubSubConnection<String, String> p = (StatefulRedisClusterPubSubConnection<String, String>) pubsub;
        return toPrimaries(p.getPartitions(), p::getConnectionAsync);
    }

    /** Opens a link to each primary that holds slots; completes when every attempt ended, opened or not. */
    private static CompletableFuture<Void> toPrimaries(Iterable<RedisClusterNode> partitions,
            BiFunction<String, Integer, CompletableFuture<?>> link) {
        List<CompletableFuture<?>> links = new ArrayList<>();
        for (RedisClusterNode n : partitions) {
            if (primary(n)) {
                links.add(link.apply(n.getUri().getHost(), n.getUri().getPort()).exceptionally(e -> null));
            }
        }
        return CompletableFuture.allOf(links.toArray(CompletableFuture[]::new));
    }

    /** The cluster's first topology, read without waiting (a connect needs it); read again after a failure. */
    private synchronized CompletableFuture<Void> partitions() {
        CompletableFuture<Void> t = initialized;
        if (t == null || t.isCompletedExceptionally()) {
            t = initialized = client.refreshPartitionsAsync().toCompletableFuture();
        }
        return t;
    }

    @Override
    @SuppressWarnings("unchecked")
    public RedisClusterAsyncCommands<String, String> commands(StatefulConnection<String, String> connection) {
        return ((StatefulRedisClusterConnection<String, String>) connection).async();
    }

    /** A PING to each primary that holds slots, on the connections commands use; none known fails. */
    @Override
    @SuppressWarnings("unchecked")
    public CompletableFuture<?> ping(StatefulConnection<String, String> connection) {
        StatefulRedisClusterConnection<String, String> c = (StatefulRedisClusterConnection<String, String>) connection;
        List<RedisClusterNode> primaries = primaries(c);
        if (primaries.isEmpty()) {
            return CompletableFuture.failedFuture(new RedisException("no primary of the cluster holds slots"));
        }
        CompletableFuture<?>[] pings = primaries.stream()
                .map(n -> c.getConnectionAsync(n.getUri().getHost(), n.getUri().getPort())
                        .thenCompose(node -> node.async().ping()))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(pings);
    }

    private static List<RedisClusterNode> primaries(StatefulRedisClusterConnection<String, String> c) {
        return c.getPartitions().stream().filter(ClusterConnector::primary).toList();
    }

    private static boolean primary(RedisClusterNode n) {
        return n.is(NodeFlag.UPSTREAM) && !n.is(NodeFlag.FAIL) && !n.hasNoSlots();
    }

    @Override
    public boolean resubscribesPeriodically() {
        return true;
    }

    @Override
    public void trouble() {
        long last = lastRefresh.get();
        long now = System.nanoTime();
        if (now - last >= TROUBLE_REFRESH_NANOS && lastRefresh.compareAndSet(last, now)) {
            client.refreshPartitionsAsync();
        }
    }

    @Override
    public String topology() {
        StatefulRedisClusterConnection<String, String> c = latest;
        int shards = c == null ? 0 : primaries(c).size();
        return shards == 0 ? topology : topology + ", " + shards + " shard" + (shards == 1 ? "" : "s");
    }

    @Override
    public CompletableFuture<Void> shutdown(long timeoutMs) {
        return client.shutdownAsync(0, timeoutMs, TimeUnit.MILLISECONDS);
    }
}
