package dev.gatehouse.redis.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.ConnectionFuture;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One Redis server, given by its address or found through Sentinel. With Sentinel, Lettuce's
 * {@link RedisClient} asks the sentinels for the master's address at every connect and reconnect,
 * so a connection follows a failover once it drops: a killed master drops it, and Sentinel closes
 * the clients of a server it turns into a replica, but only seconds after it promoted another
 * (about 8 s after {@code SENTINEL FAILOVER} in Redis 7.0), while the old master still takes writes
 * that its demotion will then throw away. So this connector also asks the sentinels once a second
 * which master they name ({@link #misplaced}), and the backplane moves connections that are not on
 * it. Thread-safe: the sentinel connection is guarded by {@code this}; the connections' addresses
 * are in a concurrent map.
 */
final class ServerConnector implements RedisConnector {
    private final RedisClient client;
    private final RedisURI uri;
    private final String topology;
    /** The Sentinel master's name, or null for a server given directly. */
    private final String master;
    /** Where each live connection is connected to now (Sentinel only). */
    private final Map<StatefulConnection<String, String>, InetSocketAddress> at = new ConcurrentHashMap<>();
    /** A connection to one of the sentinels, for {@link #misplaced}; null until asked, or after it failed. */
    private CompletableFuture<StatefulRedisSentinelConnection<String, String>> sentinel;

    ServerConnector(RedisSettings settings, ClientResources resources, ClientOptions options) {
        this.client = RedisClient.create(resources);
        client.setOptions(options);
        this.uri = settings.redisUri();
        this.topology = settings.topology();
        this.master = uri.getSentinelMasterId();
    }

    @Override
    public CompletableFuture<StatefulConnection<String, String>> connect() {
        ConnectionFuture<StatefulRedisConnection<String, String>> f = client.connectAsync(StringCodec.UTF8, uri);
        return f.toCompletableFuture().thenApply(c -> track(c, f.getRemoteAddress()));
    }

    @Override
    public CompletableFuture<StatefulRedisPubSubConnection<String, String>> connectPubSub() {
        ConnectionFuture<StatefulRedisPubSubConnection<String, String>> f = client.connectPubSubAsync(StringCodec.UTF8,
                uri);
        return f.toCompletableFuture().thenApply(c -> track(c, f.getRemoteAddress()));
    }

    /** With Sentinel, notes where a connection is, now and after each reconnect; forgets it once closed. */
    private <C extends StatefulConnection<String, String>> C track(C c, SocketAddress first) {
        if (master != null && first instanceof InetSocketAddress a) {
            at.put(c, a);
            c.addListener(new RedisConnectionStateListener() {
                @Override
                public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress now) {
                    if (now instanceof InetSocketAddress a && c.isOpen()) {
                        at.put(c, a);
                    }
                }
            });
        }
        return c;
    }

    @Override
    public CompletableFuture<List<StatefulConnection<String, String>>> misplaced(
            List<StatefulConnection<String, String>> connections) {
        at.keySet().removeIf(c -> !connections.contains(c) && !c.isOpen());
        if (master == null) {
            return CompletableFuture.completedFuture(List.of());
        }
        CompletableFuture<StatefulRedisSentinelConnection<String, String>> s = sentinel();
        return s.thenCompose(c -> c.async().getMasterAddrByName(master).toCompletableFuture())
                .whenComplete((ok, e) -> {
                    if (e != null) {
                        forget(s); // the next call tries the sentinels again, in order
                    }
                })
                .thenApply(named -> connections.stream().filter(c -> {
                    InetSocketAddress a = at.get(c);
                    return a != null && named instanceof InetSocketAddress m
                            && (a.getPort() != m.getPort() || !a.getHostString().equals(m.getHostString()));
                }).toList());
    }

    private synchronized CompletableFuture<StatefulRedisSentinelConnection<String, String>> sentinel() {
        if (sentinel == null) {
            sentinel = client.connectSentinelAsync(StringCodec.UTF8, uri);
        }
        return sentinel;
    }

    private synchronized void forget(CompletableFuture<StatefulRedisSentinelConnection<String, String>> s) {
        if (sentinel == s) {
            sentinel = null;
            s.thenAccept(StatefulConnection::closeAsync);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public RedisClusterAsyncCommands<String, String> commands(StatefulConnection<String, String> connection) {
        return ((StatefulRedisConnection<String, String>) connection).async();
    }

    @Override
    public CompletableFuture<?> ping(StatefulConnection<String, String> connection) {
        return commands(connection).ping().toCompletableFuture();
    }

    @Override
    public boolean resubscribesPeriodically() {
        return false;
    }

    @Override
    public String topology() {
        return topology;
    }

    @Override
    public CompletableFuture<Void> shutdown(long timeoutMs) {
        return client.shutdownAsync(0, timeoutMs, TimeUnit.MILLISECONDS);
    }
}
