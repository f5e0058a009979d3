package dev.gatehouse.redis.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.ConnectionFuture;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
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
 * it; and it subscribes to {@value #SWITCH_MASTER} on the first sentinel that accepts (the one it
 * asks, as Lettuce does, in the URI's order), so that the nodes ask, and move, as soon as that
 * sentinel names the new master rather than up to a second later: every node moves within
 * milliseconds of the others, so the frames one node still writes to the old master while another
 * already listens on the new one (lost, uncounted) shrink from up to a second's worth to what a
 * move's own gap between unsubscribing and subscribing again lets through (README, Redis "Not
 * done"). A watch that drops is opened again, on the next sentinel, when
 * {@link #misplaced} is next asked. Thread-safe: the sentinel connections are guarded by
 * {@code this}; the connections' addresses are in a concurrent map.
 */
final class ServerConnector implements RedisConnector {
    /** The channel on which a sentinel announces a failover: {@code <master> <old ip> <old port> <new ip> <new port>}. */
    static final String SWITCH_MASTER = "+switch-master";
    private static final Logger LOG = System.getLogger(ServerConnector.class.getName());
    private final RedisClient client;
    private final RedisURI uri;
    private final String topology;
    /** The Sentinel master's name, or null for a server given directly. */
    private final String master;
    /** Where each live connection is connected to now (Sentinel only). */
    private final Map<StatefulConnection<String, String>, InetSocketAddress> at = new ConcurrentHashMap<>();
    /** A connection to one of the sentinels, for {@link #misplaced}; null until asked, or after it failed. */
    private CompletableFuture<StatefulRedisSentinelConnection<String, String>> sentinel;
    /** What {@link #watchMaster} was given; null until then. */
    private Runnable switched;
    /** The {@value #SWITCH_MASTER} subscription, on sentinel number {@link #watching}; null when there is none. */
    private CompletableFuture<StatefulRedisPubSubConnection<String, String>> watch;
    private int watching = -1;
    /** Whether a sentinel's refusal of the subscription was logged (once: the node still moves, a second later). */
    private boolean refusalLogged;

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
        watchAgainIfLost();
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
    public synchronized void watchMaster(Runnable switched) {
        if (master != null) {
            this.switched = switched;
            watchNext();
        }
    }

    /** Subscribes to {@value #SWITCH_MASTER} on the sentinel after the one watched last (the first one at first). */
    private synchronized void watchNext() {
        List<RedisURI> sentinels = uri.getSentinels();
        watching = (watching + 1) % sentinels.size();
        Runnable run = switched;
        CompletableFuture<StatefulRedisPubSubConnection<String, String>> w = client
                .connectPubSubAsync(StringCodec.UTF8, sentinels.get(watching)).toCompletableFuture();
        watch = w.thenCompose(c -> {
            c.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    if (message.startsWith(master + " ")) {
                        run.run();
                    }
                }
            });
            return c.async().subscribe(SWITCH_MASTER).toCompletableFuture().thenApply(ok -> c);
        });
        watch.whenComplete((c, e) -> {
            if (e != null) {
                w.thenAccept(StatefulConnection::closeAsync);
                refused(e);
            }
        });
    }

    /** Logs once that a sentinel refuses the subscription (its ACL); an unreachable sentinel is the poll's to notice. */
    private synchronized void refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RedisCommandExecutionException && !refusalLogged) {
                refusalLogged = true;
                LOG.log(Level.WARNING, "A sentinel of {0} refuses SUBSCRIBE {1} ({2}): nodes learn of a failover"
                        + " within a second instead of at once; its ACL user needs +subscribe &{1} (README \"Sentinel\")",
                        master, SWITCH_MASTER, t.getMessage());
                return;
            }
        }
    }

    /** A watch that failed, or whose connection is down, is replaced by one on the next sentinel. */
    private synchronized void watchAgainIfLost() {
        CompletableFuture<StatefulRedisPubSubConnection<String, String>> w = watch;
        if (w == null || !w.isDone()) {
            return;
        }
        StatefulRedisPubSubConnection<String, String> c = w.isCompletedExceptionally() ? null : w.getNow(null);
        if (c == null || !c.isOpen()) {
            if (c != null) {
                c.closeAsync();
            }
            watchNext();
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
