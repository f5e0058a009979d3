package dev.gatehouse.redis.internal;

import dev.gatehouse.ConfigurationException;
import dev.gatehouse.spi.Backplane;
import dev.gatehouse.spi.BackplaneProvider;
import dev.gatehouse.spi.HistoryStore;
import dev.gatehouse.spi.PresenceStore;
import dev.gatehouse.spi.RevocationStore;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.MaintNotificationsConfig;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The Redis backplane on Lettuce: one thread-safe connection for commands (PUBLISH or SPUBLISH,
 * presence and history scripts) and one pub/sub connection; messages from Redis go to the core's
 * receiver on Lettuce's event loop, in the order Redis sent them, a history append's positioned
 * publication ({@link RedisHistoryStore}) with its position. Where those connections lead (one
 * server, the master Sentinel names, or the shards of a Redis Cluster) is the
 * {@link RedisConnector}'s business; in a cluster, where a shard's subscriptions can be lost while
 * the pub/sub connection stays open, every subscription is re-issued once a second, which is that
 * connection's PING too.
 *
 * <p>Threading and locking: no lock anywhere. Every Redis call is asynchronous; callers'
 * threads (publish, subscribe, presence) only dispatch and never wait. State about the
 * connection (which connections exist, which channels are wanted, whether they are active) is
 * confined to one worker thread, which reacts to Lettuce's connection events and checks every
 * {@link #TICK_MS} ms: it connects (bounded backoff, at most {@link #MAX_BACKOFF_MS} ms) when
 * Redis was unreachable at start, re-issues every wanted subscription after each reconnect (not
 * relying on Lettuce's own resubscribe), rewrites this node's presence after a reconnect, PINGs
 * both connections every second (a Redis that stops answering without closing them counts as
 * lost) and once more before it counts them as back (in a cluster every primary must answer, not
 * only those that came back first), and tells the core when cross-node delivery stops or resumes.
 * Only {@link #open} (startup) and {@link #close} (shutdown) wait, each within the configured
 * timeout.
 *
 * <p>While Redis is away: commands are rejected at once ({@code REJECT_COMMANDS}), pending ones
 * are failed on disconnect and never replayed (at most once), the request queue is bounded, and
 * Lettuce reconnects by itself with a delay of at most one second.
 */
public final class LettuceBackplane implements Backplane {
    static final long TICK_MS = 250;
    static final long MAX_BACKOFF_MS = 1000;
    /** A PING every 4 ticks: every second. */
    static final int PING_EVERY_TICKS = 4;
    /** Commands waiting for Redis on the command connection beyond which a command fails at once. */
    static final int IN_FLIGHT = 10_000;
    /** Lettuce's own bound, above {@link #IN_FLIGHT} so that it is never reached (it logs every refusal). */
    static final int REQUEST_QUEUE = 2 * IN_FLIGHT + 1_000;
    private static final Logger LOG = System.getLogger("dev.gatehouse.redis");
    private static final String ALL = "all";

    private final RedisSettings settings;
    private final Channels names;
    private final String nodeId;
    private final ClientResources resources;
    private final RedisConnector connector;
    private final ScheduledThreadPoolExecutor worker;
    private final RedisPresenceStore presence;
    private final RedisHistoryStore history;
    private final RedisRevocationStore revocations;
    private final Listener listener = new Listener();
    private final InFlight inFlight = new InFlight(IN_FLIGHT);
    private volatile StatefulConnection<String, String> commands;
    private volatile StatefulRedisPubSubConnection<String, String> pubsub;
    private volatile Receiver receiver;
    private volatile boolean connectedNow;
    private volatile boolean closed;

    // Worker thread only.
    private final Set<String> wanted = new LinkedHashSet<>(Set.of(ALL));
    private final Set<String> issued = new HashSet<>();
    private boolean active;
    private boolean resubscribing;
    private long epoch;
    private boolean connecting;
    private int attempts;
    private long nextAttempt;
    private boolean commandsWereUp;
    private Boolean reported;
    private long ticks;
    private boolean pinging;
    /**
     * Whether a PING was answered since the connections were last not ready (lost, or their
     * subscriptions lost): false at first, after an outage until a PING on the new connections was
     * answered (in a cluster, by every primary), and while PINGs time out on open connections.
     */
    private boolean responsive;
    /** How often the connections were found not ready: a PING sent before the last time confirms nothing. */
    private long outages;
    private String lastConnectProblem;

    private LettuceBackplane(RedisSettings settings, BackplaneProvider.Node node) {
        this.settings = settings;
        this.names = new Channels(settings.prefix(), settings.partitions());
        this.nodeId = node.id();
        this.resources = ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofMillis(MAX_BACKOFF_MS), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        this.connector = RedisConnector.create(settings, resources, options(settings));
        this.worker = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "gatehouse-redis-" + node.id());
            t.setDaemon(true);
            return t;
        });
        worker.setRemoveOnCancelPolicy(true);
        this.presence = new RedisPresenceStore(names, nodeId, node.ttl().toMillis(), worker, this::api, inFlight);
        this.history = new RedisHistoryStore(names, () -> closed ? null : api(), inFlight);
        this.revocations = new RedisRevocationStore(names, () -> closed ? null : api(), inFlight,
                java.time.Clock.systemUTC());
    }

    /** The commands of the command connection, or null while there is none. */
    private RedisClusterAsyncCommands<String, String> api() {
        StatefulConnection<String, String> c = commands;
        return c == null ? null : connector.commands(c);
    }

    /** Lettuce's options: fail fast while disconnected, never replay, bounded queue, timeouts. */
    static ClientOptions options(Duration timeout) {
        return common(ClientOptions.builder(), timeout, null).build();
    }

    /** {@link #options(Duration)} with the settings' timeout and TLS. */
    static ClientOptions options(RedisSettings settings) {
        return common(ClientOptions.builder(), settings).build();
    }

    /** Sets the options every connection gets on a builder (a cluster client's included). */
    static <B extends ClientOptions.Builder> B common(B b, RedisSettings settings) {
        return common(b, settings.timeout(), settings.sslOptions());
    }

    private static <B extends ClientOptions.Builder> B common(B b, Duration timeout, SslOptions ssl) {
        if (ssl != null) {
            b.sslOptions(ssl);
        }
        b.autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                // With REJECT_COMMANDS Lettuce fails queued and in-flight commands on disconnect
                // (DefaultEndpoint.notifyDrainQueuedCommands); the filter is a second guard.
                .replayFilter(c -> c != null && (c.getType() == CommandType.PUBLISH || c.getType() == CommandType.SPUBLISH
                        || c.getType() == CommandType.EVALSHA || c.getType() == CommandType.EVAL)) // a history append publishes
                .requestQueueSize(REQUEST_QUEUE)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build())
                .suspendReconnectOnProtocolFailure(false)
                // Redis Enterprise / Redis 8 maintenance notices: not used, and they need SLF4J.
                .maintNotificationsConfig(MaintNotificationsConfig.disabled());
        return b;
    }

    /**
     * A backplane that tried once to connect, within the timeout. Unreachable Redis is no error: it
     * keeps trying in the background. Refused credentials are.
     *
     * @param settings the settings
     * @param node this node
     * @return the backplane
     * @throws ConfigurationException when Redis refuses the credentials or the TLS certificates, naming
     *     the property at fault
     */
    public static LettuceBackplane open(RedisSettings settings, BackplaneProvider.Node node) {
        LettuceBackplane b = new LettuceBackplane(settings, node);
        CompletableFuture<StatefulConnection<String, String>> c = b.connector.connect();
        CompletableFuture<StatefulRedisPubSubConnection<String, String>> p = b.connector.connectPubSub();
        Throwable failure = null;
        long waitMs = settings.timeout().toMillis() * 2 + 500;
        try {
            CompletableFuture.allOf(c, p).get(waitMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            failure = e.getCause();
        } catch (TimeoutException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
        }
        SetupRefusal refused = SetupRefusal.of(failureOf(c), settings);
        refused = refused != null ? refused : SetupRefusal.of(failureOf(p), settings);
        if (refused != null) {
            closeQuietly(c);
            closeQuietly(p);
            b.shutdownClient();
            throw new ConfigurationException(refused.property(), refused.problem());
        }
        b.connecting = true; // until both attempts end (a slow one may end after the wait above)
        CompletableFuture.allOf(c, p).whenComplete((ok, e) -> b.execute(() -> {
            b.connecting = false;
            b.adopt(value(c), value(p)); // one of them alone is kept: connect() makes the other
            b.nextAttempt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            b.tick();
        }));
        if (failure != null) {
            LOG.log(Level.WARNING, "Node {0}: Redis at {1} is not reachable ({2}); running without the other nodes"
                    + " and connecting in the background", b.nodeId, settings.where(), describe(failure));
        }
        b.connector.watchMaster(() -> b.execute(b::checkPlacement));
        b.worker.scheduleWithFixedDelay(b::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        long refresh = Math.max(100, node.ttl().toMillis() / 3);
        b.worker.scheduleWithFixedDelay(b.presence::refreshAll, refresh, refresh, TimeUnit.MILLISECONDS);
        return b;
    }

    private static Throwable failureOf(CompletableFuture<?> f) {
        if (!f.isCompletedExceptionally()) {
            return null;
        }
        try {
            f.join();
            return null;
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            return e.getCause() != null ? e.getCause() : e;
        }
    }

    /** A failure for a log line: its class and Lettuce's message (which never carries the password). */
    private static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    @Override
    public void start(Receiver r) {
        this.receiver = r;
        execute(this::tick); // the first report tells the receiver the current state
    }

    @Override
    public CompletionStage<?> publish(String topic, String message) {
        RedisClusterAsyncCommands<String, String> c = api();
        if (c == null || closed) {
            return CompletableFuture.failedFuture(new RedisException("Not connected to Redis"));
        }
        String channel = names.channel(topic);
        return inFlight.send(() -> names.sharded() ? c.spublish(channel, message) : c.publish(channel, message));
    }

    @Override
    public void subscribe(String topic) {
        execute(() -> {
            if (wanted.add(topic) && active) {
                issue(topic);
            }
        });
    }

    /** Subscribes one topic on the active pub/sub connection (on the worker). */
    private void issue(String topic) {
        long ep = epoch;
        issued.add(topic);
        sub(List.of(topic)).whenComplete((ok, e) -> {
            Receiver r = receiver;
            if (e != null) {
                connector.trouble();
                execute(() -> failedSubscription(ep));
            } else if (r != null) {
                r.subscribed(topic);
            }
        });
    }

    @Override
    public void unsubscribe(String topic) {
        execute(() -> {
            if (!ALL.equals(topic) && wanted.remove(topic) && active) {
                unsub(List.of(topic)).whenComplete((ok, e) -> {
                    if (e == null) {
                        execute(() -> {
                            if (!wanted.contains(topic)) {
                                issued.remove(topic);
                            }
                        });
                    }
                });
            }
        });
    }

    @Override
    public String engine() {
        return "redis";
    }

    @Override
    public String topology() {
        return connector.topology();
    }

    @Override
    public boolean connected() {
        return connectedNow;
    }

    @Override
    public Optional<PresenceStore> presenceStore() {
        return Optional.of(presence);
    }

    @Override
    public Optional<HistoryStore> historyStore() {
        return Optional.of(history);
    }

    @Override
    public Optional<RevocationStore> revocationStore() {
        return Optional.of(revocations);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long waitMs = settings.timeout().toMillis();
        try {
            CompletableFuture<CompletableFuture<Void>> cleanup = new CompletableFuture<>();
            worker.execute(() -> {
                CompletableFuture<Void> removed = commands != null ? presence.removeAll()
                        : CompletableFuture.completedFuture(null);
                if (pubsub != null && active) {
                    unsub(new ArrayList<>(wanted));
                }
                cleanup.complete(removed);
            });
            cleanup.get(waitMs, TimeUnit.MILLISECONDS).get(waitMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            LOG.log(Level.DEBUG, "Presence of node " + nodeId + " not removed at close; it expires with the TTL", e);
        }
        worker.shutdownNow();
        shutdownClient();
    }

    private void shutdownClient() {
        long waitMs = settings.timeout().toMillis();
        try {
            connector.shutdown(waitMs).get(waitMs + 500, TimeUnit.MILLISECONDS);
            resources.shutdown(0, waitMs, TimeUnit.MILLISECONDS).get(waitMs + 500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.DEBUG, "The Redis client did not shut down within " + waitMs + " ms", e);
        }
    }

    // ---- worker thread ----

    private void execute(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException stopped) {
            // closed
        }
    }

    /** Takes the connections of a successful connect (on the worker). */
    private void adopt(StatefulConnection<String, String> c, StatefulRedisPubSubConnection<String, String> p) {
        if (closed) {
            closeQuietly(c);
            closeQuietly(p);
            return;
        }
        if (c != null && commands != null && c != commands) {
            closeQuietly(c);
        } else if (c != null && commands == null) {
            c.addListener(listener);
            commands = c;
        }
        if (p != null && pubsub != null && p != pubsub) {
            closeQuietly(p);
        } else if (p != null && pubsub == null) {
            p.addListener(listener);
            p.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    deliver(channel, message);
                }

                @Override
                public void smessage(String shardChannel, String message) {
                    deliver(shardChannel, message);
                }
            });
            pubsub = p;
        }
    }

    /** A message from Redis, on Lettuce's event loop: handed to the core at once. */
    private void deliver(String channel, String message) {
        Receiver r = receiver;
        String topic = names.topic(channel);
        if (r != null && topic != null) {
            RedisHistoryStore.deliver(r, topic, message);
        }
    }

    /** Checks the connections and the subscriptions, connects, resubscribes, reports (on the worker). */
    private void tick() {
        if (closed) {
            return;
        }
        if (commands == null || pubsub == null) {
            connect();
            report(false);
            return;
        }
        boolean commandsUp = commands.isOpen();
        boolean pubsubUp = pubsub.isOpen();
        if (!pubsubUp && active) {
            lostSubscriptions();
        }
        if (pubsubUp && !active && !resubscribing) {
            resubscribe();
        }
        if (commandsUp && !commandsWereUp) {
            presence.refreshAll(); // what this node wrote may be gone (a Redis restart) or missed (the outage)
        }
        commandsWereUp = commandsUp;
        boolean ready = commandsUp && pubsubUp && active;
        if (!ready) {
            responsive = false;
            outages++;
        }
        boolean due = commandsUp && pubsubUp && ++ticks % PING_EVERY_TICKS == 0;
        if (!pinging && (due || ready && !responsive)) {
            ping();
        }
        report(ready && responsive);
    }

    /**
     * A PING on both connections (each bounded by the command timeout): a Redis that hangs, or a
     * network that drops packets without closing the connections, is reported as not connected
     * instead of silently losing every message. In a cluster the command connection's PING goes to
     * every primary, and the pub/sub connection's is every subscription issued again (each to the
     * primary owning its slot now).
     */
    private void ping() {
        pinging = true;
        long since = outages;
        StatefulConnection<String, String> c = commands;
        StatefulRedisPubSubConnection<String, String> p = pubsub;
        CompletableFuture<?> pc;
        CompletableFuture<?> pp;
        try {
            pc = inFlight.send(() -> connector.ping(c)).toCompletableFuture();
            if (connector.resubscribesPeriodically() && active) {
                long ep = epoch;
                pp = sub(new ArrayList<>(wanted)).toCompletableFuture();
                pp.whenComplete((ok, e) -> {
                    if (e != null) { // a shard lost them: subscribed again every tick until they are back
                        connector.trouble();
                        execute(() -> failedSubscription(ep));
                    }
                });
            } else {
                pp = p.async().ping().toCompletableFuture();
            }
        } catch (RuntimeException e) {
            pinging = false;
            return;
        }
        checkPlacement();
        CompletableFuture.allOf(pc, pp).whenComplete((ok, e) -> execute(() -> {
            pinging = false;
            boolean wasResponsive = responsive;
            if (e == null) {
                responsive = since == outages;
            } else if (c.isOpen() && p.isOpen()) {
                responsive = false; // a PING refused because the connection dropped is no hang
            }
            if (e != null) {
                connector.trouble();
            }
            if (wasResponsive != responsive) {
                tick();
            }
        }));
    }

    /** Asks the connector whether both connections are where they should be, and moves them if not (on the worker). */
    private void checkPlacement() {
        StatefulConnection<String, String> c = commands;
        StatefulRedisPubSubConnection<String, String> p = pubsub;
        if (c == null || p == null || closed) {
            return;
        }
        connector.misplaced(List.<StatefulConnection<String, String>>of(c, p)).whenComplete((misplaced, e) -> {
            if (e == null && !misplaced.isEmpty()) {
                execute(() -> moveOff(misplaced));
            }
        });
    }

    /**
     * Closes connections that are on a server the sentinels no longer name master; the next tick
     * opens new ones, which Lettuce points at the master the sentinels name (on the worker).
     */
    private void moveOff(List<StatefulConnection<String, String>> misplaced) {
        boolean moving = false;
        if (commands != null && misplaced.contains(commands)) {
            closeQuietly(commands);
            commands = null;
            commandsWereUp = false; // this node's presence is rewritten on the new master
            moving = true;
        }
        if (pubsub != null && misplaced.contains(pubsub)) {
            closeQuietly(pubsub);
            pubsub = null;
            lostSubscriptions();
            moving = true;
        }
        if (moving && !closed) {
            LOG.log(Level.INFO, "Node {0}: the sentinels of {1} name another master; moving to it", nodeId,
                    settings.where());
            nextAttempt = System.nanoTime();
            tick();
        }
    }

    private void lostSubscriptions() {
        active = false;
        epoch++;
    }

    private void resubscribe() {
        resubscribing = true;
        long ep = epoch;
        List<String> stale = new ArrayList<>(issued);
        stale.removeAll(wanted);
        List<String> topics = new ArrayList<>(wanted);
        issued.clear();
        issued.addAll(topics);
        if (!stale.isEmpty()) {
            unsub(stale); // Lettuce resubscribes what it knew; what this node no longer wants goes
        }
        connector.open(pubsub).thenCompose(opened -> sub(topics)).whenComplete((ok, e) -> execute(() -> {
            resubscribing = false;
            if (e == null && ep == epoch && pubsub.isOpen()) {
                active = true;
                for (String late : wanted) { // asked for while these subscriptions were on their way
                    if (!issued.contains(late)) {
                        issue(late);
                    }
                }
                tick();
            } else if (e != null) {
                connector.trouble(); // and the next tick tries again, not at once: a refusal comes back at once
            }
        }));
    }

    private void failedSubscription(long ep) {
        if (ep == epoch && active) {
            lostSubscriptions(); // the next tick subscribes everything again
        }
    }

    private CompletionStage<Void> sub(List<String> topics) {
        return names.sharded() ? perPartition(topics, c -> pubsub.async().ssubscribe(c))
                : dispatch(topics, c -> pubsub.async().subscribe(c));
    }

    private CompletionStage<Void> unsub(List<String> topics) {
        return names.sharded() ? perPartition(topics, c -> pubsub.async().sunsubscribe(c))
                : dispatch(topics, c -> pubsub.async().unsubscribe(c));
    }

    /** Sharded commands name channels of one slot only: one command per partition. */
    private CompletionStage<Void> perPartition(List<String> topics, Function<String[], RedisFuture<Void>> command) {
        Map<Integer, List<String>> byPartition = new TreeMap<>();
        for (String t : topics) {
            byPartition.computeIfAbsent(names.partition(t), p -> new ArrayList<>()).add(t);
        }
        CompletableFuture<?>[] all = byPartition.values().stream()
                .map(group -> dispatch(group, command).toCompletableFuture()).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(all);
    }

    private CompletionStage<Void> dispatch(List<String> topics, Function<String[], RedisFuture<Void>> command) {
        try {
            return command.apply(topics.stream().map(names::channel).toArray(String[]::new));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Connects in the background while Redis was never reached (on the worker); backoff at most 1 s. */
    private void connect() {
        if (connecting || System.nanoTime() < nextAttempt) {
            return;
        }
        connecting = true;
        CompletableFuture<StatefulConnection<String, String>> c = commands != null
                ? CompletableFuture.completedFuture(commands) : connector.connect();
        CompletableFuture<StatefulRedisPubSubConnection<String, String>> p = pubsub != null
                ? CompletableFuture.completedFuture(pubsub) : connector.connectPubSub();
        CompletableFuture.allOf(c, p).whenComplete((ok, e) -> execute(() -> {
            connecting = false;
            adopt(value(c), value(p));
            if (commands != null && pubsub != null) {
                attempts = 0;
                lastConnectProblem = null;
                LOG.log(Level.INFO, "Node {0}: connected to Redis at {1}", nodeId, settings.where());
                tick();
                return;
            }
            attempts++;
            long backoff = Math.min(MAX_BACKOFF_MS, 100L << Math.min(attempts, 4));
            nextAttempt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff);
            Throwable failure = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                    ? e.getCause() : e;
            SetupRefusal refusal = SetupRefusal.of(failure, settings);
            String problem = refusal == null ? null : refusal.word();
            if (problem != null && !problem.equals(lastConnectProblem)) {
                LOG.log(Level.WARNING, "Node {0}: {1}; retrying", nodeId, refusal.problem());
            }
            lastConnectProblem = problem;
        }));
    }

    /** Tells the core when cross-node delivery stops or resumes (its one WARNING per outage). */
    private void report(boolean now) {
        connectedNow = now;
        Receiver r = receiver;
        if (r != null && (reported == null || reported != now)) {
            reported = now;
            r.connectionChanged(now);
        }
    }

    private static void closeQuietly(CompletableFuture<? extends io.lettuce.core.api.StatefulConnection<?, ?>> f) {
        closeQuietly(value(f));
    }

    /** The value of a completed stage, else null. */
    private static <T> T value(CompletableFuture<T> f) {
        return f.isDone() && !f.isCompletedExceptionally() ? f.join() : null;
    }

    private static void closeQuietly(io.lettuce.core.api.StatefulConnection<?, ?> c) {
        if (c != null) {
            c.closeAsync();
        }
    }

    /** Lettuce's connection events: the worker looks again at once. */
    private final class Listener implements RedisConnectionStateListener {
        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress socketAddress) {
            execute(LettuceBackplane.this::tick);
        }

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            execute(() -> {
                if (connection == pubsub) {
                    lostSubscriptions();
                }
                tick();
            });
        }
    }
}
