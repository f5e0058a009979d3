package dev.gatehouse.hazelcast.internal;

import com.hazelcast.cluster.ClusterState;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import com.hazelcast.topic.MessageListener;
import dev.gatehouse.spi.Backplane;
import dev.gatehouse.spi.BackplaneProvider;
import dev.gatehouse.spi.HistoryStore;
import dev.gatehouse.spi.PresenceStore;
import dev.gatehouse.spi.RevocationStore;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The backplane on a Hazelcast instance (a member or a client). Messages travel on classic
 * {@link ITopic}s of Strings: {@code <prefix>.all}, which every node subscribes to, and
 * {@code <prefix>.rooms.<k>} for k below {@code topic-shards}, each carrying the rooms whose name
 * hashes to it. A node listens to a shard while it holds a member of one of its rooms and drops
 * the messages of rooms it does not hold; so subscribing to a room is local when its shard is
 * already listened to, and one listener registration (on the subscriber thread) when it is not,
 * and the number of distributed objects stays fixed however many rooms come and go. Hazelcast
 * delivers one member's publications to one topic in order to every listener (one event stripe
 * per topic), and each registration once: order per publisher, exactly once while the cluster is
 * healthy. The listener runs on Hazelcast's event thread and hands each message to the core's
 * receiver, which only queues it.
 *
 * <p>Threads: a worker (connection checks every {@value #TICK_MS} ms, presence writes in order,
 * presence refresh and sweep, the history sweep every {@code history-idle}), a subscriber
 * (listener registrations, which block in Hazelcast's API) and the io pool (queries and other
 * blocking calls; {@value Pools#IO_THREADS} threads, at most {@value Pools#IO_QUEUE} waiting).
 * Callers' threads only dispatch. Publishes in flight are bounded ({@value #IN_FLIGHT}); beyond, a
 * publish fails at once.
 */
public final class GridBackplane implements Backplane {
    static final long TICK_MS = 250;
    /** Publishes not yet handed to Hazelcast beyond which a publish fails at once. */
    static final int IN_FLIGHT = 10_000;
    private static final Logger LOG = System.getLogger("dev.gatehouse.hazelcast");
    private static final String ALL = "all";

    private final HazelcastInstance hz;
    private final boolean owned;
    private final String origin;
    private final HazelcastSettings settings;
    private final String nodeId;
    private final boolean client;
    private final ITopic<String> all;
    private final ITopic<String>[] shards;
    private final ScheduledThreadPoolExecutor worker;
    private final ScheduledThreadPoolExecutor subscriber;
    private final ThreadPoolExecutor io;
    private final GridPresenceStore presence;
    private final GridHistoryStore history;
    private final GridRevocationStore revocations;
    private final Set<String> wanted = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final MessageListener<String> listener = this::onMessage;
    private final String topology;
    private final UUID lifecycleRegistration;
    private final UUID membershipRegistration;
    private volatile Receiver receiver;
    private volatile boolean clientConnected = true;
    private volatile boolean connectedNow;
    private volatile boolean closed;

    // Subscriber thread only.
    private final int[] shardMembers;
    private final Map<Integer, UUID> registrations = new HashMap<>();
    private UUID allRegistration;
    // Worker thread only.
    private Boolean reported;

    @SuppressWarnings("unchecked")
    private GridBackplane(HazelcastInstance hz, boolean owned, String origin, HazelcastSettings settings,
            BackplaneProvider.Node node) {
        this.hz = hz;
        this.owned = owned;
        this.origin = origin;
        this.settings = settings;
        this.nodeId = node.id();
        this.client = !(hz.getLocalEndpoint() instanceof Member);
        this.all = hz.getTopic(settings.prefix() + "." + ALL);
        this.shards = (ITopic<String>[]) new ITopic<?>[settings.shards()];
        for (int k = 0; k < shards.length; k++) {
            shards[k] = hz.getTopic(settings.prefix() + ".rooms." + k);
        }
        this.shardMembers = new int[shards.length];
        this.worker = Pools.single("gatehouse-hazelcast-" + nodeId);
        this.subscriber = Pools.single("gatehouse-hazelcast-subscriber-" + nodeId);
        this.io = Pools.io("gatehouse-hazelcast-io-" + nodeId);
        this.presence = new GridPresenceStore(hz, settings.prefix(), nodeId, node.ttl().toMillis(), worker, io);
        this.history = new GridHistoryStore(hz, settings.prefix(), settings.historyIdle(), (topic, p, message) ->
                send(topic, Wire.positioned(topic, p, message)), io, this::reachable);
        this.revocations = new GridRevocationStore(hz, settings.prefix(), io, java.time.Clock.systemUTC());
        this.topology = describe();
        this.lifecycleRegistration = hz.getLifecycleService().addLifecycleListener(this::lifecycle);
        this.membershipRegistration = hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                Pools.execute(worker, GridBackplane.this::tick);
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                Pools.execute(worker, GridBackplane.this::tick);
            }
        });
    }

    /**
     * A backplane on an instance; waits (within the timeout) for the presence index, this node's
     * life in the cluster and the {@code all} subscription.
     *
     * @param hz the instance
     * @param owned whether Gatehouse started it (and so shuts it down at close)
     * @param origin how the instance was found, for the topology ({@code Payara's instance …}), or empty
     * @param settings the settings
     * @param node this node
     * @return the backplane
     */
    public static GridBackplane open(HazelcastInstance hz, boolean owned, String origin, HazelcastSettings settings,
            BackplaneProvider.Node node) {
        GridBackplane b = new GridBackplane(hz, owned, origin, settings, node);
        CompletableFuture<Void> ready = Pools.call(b.io, () -> {
            b.presence.start();
            return null;
        });
        CompletableFuture<Void> subscribed = new CompletableFuture<>();
        b.subscriber.execute(() -> {
            try {
                b.allRegistration = b.all.addMessageListener(b.listener);
                subscribed.complete(null);
            } catch (RuntimeException e) {
                subscribed.completeExceptionally(e);
            }
        });
        try {
            CompletableFuture.allOf(ready, subscribed).get(settings.timeout().toMillis() * 5, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.log(Level.WARNING, "Node {0}: Hazelcast ({1}) did not answer at startup ({2}); running without the"
                    + " other nodes until it does", b.nodeId, b.topology, e.getCause() != null ? e.getCause() : e);
        }
        long ttl = node.ttl().toMillis();
        long refresh = Math.max(100, ttl / 3);
        b.worker.scheduleWithFixedDelay(b::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        b.worker.scheduleWithFixedDelay(b.presence::refresh, refresh, refresh, TimeUnit.MILLISECONDS);
        long sweep = Math.max(1000, ttl) + java.util.concurrent.ThreadLocalRandom.current().nextLong(Math.max(1, ttl / 4));
        b.worker.scheduleWithFixedDelay(b.presence::sweep, sweep, sweep, TimeUnit.MILLISECONDS);
        long idle = settings.historyIdle().toMillis();
        b.worker.scheduleWithFixedDelay(b.history::sweep, idle, idle, TimeUnit.MILLISECONDS);
        return b;
    }

    private String describe() {
        String cluster = "cluster \"" + clusterName() + "\"";
        String what = client ? "client of " + cluster : "member of " + cluster + " (" + hz.getCluster().getMembers().size()
                + " members)";
        return origin.isEmpty() ? what : origin + ", " + what;
    }

    private String clusterName() {
        try {
            if (client && hz instanceof com.hazelcast.client.impl.clientside.HazelcastClientProxy proxy) {
                return proxy.getClientConfig().getClusterName();
            }
            return hz.getConfig().getClusterName();
        } catch (RuntimeException | LinkageError e) {
            return "?";
        }
    }

    @Override
    public void start(Receiver r) {
        this.receiver = r;
        Pools.execute(worker, this::tick);
    }

    @Override
    public CompletionStage<?> publish(String topic, String message) {
        return send(topic, Wire.plain(topic, message));
    }

    private CompletionStage<?> send(String topic, String text) {
        if (!reachable()) { // a cut-off client would retry until its invocation timeout: fail now, at most once
            return CompletableFuture.failedFuture(new IllegalStateException("Hazelcast is not reachable"));
        }
        if (inFlight.incrementAndGet() > IN_FLIGHT) {
            inFlight.decrementAndGet();
            return CompletableFuture.failedFuture(new IllegalStateException(IN_FLIGHT + " publishes wait for Hazelcast"));
        }
        CompletionStage<Void> sent;
        try {
            sent = topicOf(topic).publishAsync(text);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.whenComplete((ok, e) -> inFlight.decrementAndGet());
    }

    private ITopic<String> topicOf(String topic) {
        return ALL.equals(topic) ? all : shards[shard(topic)];
    }

    private int shard(String topic) {
        return Math.floorMod(topic.hashCode(), shards.length);
    }

    @Override
    public void subscribe(String topic) {
        if (ALL.equals(topic) || !wanted.add(topic)) {
            return;
        }
        Pools.execute(subscriber, () -> {
            int k = shard(topic);
            if (shardMembers[k]++ == 0 && !closed) {
                try {
                    registrations.put(k, shards[k].addMessageListener(listener));
                } catch (RuntimeException e) {
                    shardMembers[k]--;
                    wanted.remove(topic);
                    LOG.log(Level.WARNING, "Node {0}: subscribing to {1} failed: {2}", nodeId, topic, e.toString());
                    return;
                }
            }
            Receiver r = receiver;
            if (r != null) {
                r.subscribed(topic);
            }
        });
    }

    @Override
    public void unsubscribe(String topic) {
        if (ALL.equals(topic) || !wanted.remove(topic)) {
            return;
        }
        Pools.execute(subscriber, () -> {
            int k = shard(topic);
            if (--shardMembers[k] == 0) {
                UUID id = registrations.remove(k);
                if (id != null) {
                    try {
                        shards[k].removeMessageListener(id);
                    } catch (RuntimeException e) {
                        LOG.log(Level.DEBUG, "Removing a listener failed", e);
                    }
                }
            }
        });
    }

    /** On Hazelcast's event thread: hands the message to the receiver (which only queues it). */
    private void onMessage(Message<String> m) {
        Receiver r = receiver;
        String text = m.getMessageObject();
        String topic = text == null ? null : Wire.topic(text);
        if (r != null && topic != null && (ALL.equals(topic) || wanted.contains(topic))) {
            Wire.deliver(r, topic, text);
        }
    }

    private void lifecycle(LifecycleEvent e) {
        switch (e.getState()) {
            case CLIENT_DISCONNECTED -> clientConnected = false;
            case CLIENT_CONNECTED -> clientConnected = true;
            case CLIENT_CHANGED_CLUSTER, MERGED -> Pools.execute(worker, presence::refresh);
            default -> {
                // nothing
            }
        }
        Pools.execute(worker, this::tick);
    }

    /**
     * On the worker: whether messages cross now; tells the receiver when that changes. Once closing,
     * it tells nothing: the instance going down at close is no lost cluster.
     */
    private void tick() {
        boolean now = !closed && running() && (client ? clientConnected : active());
        connectedNow = now;
        Receiver r = receiver;
        if (!closed && r != null && (reported == null || reported != now)) {
            if (reported != null) {
                LOG.log(now ? Level.INFO : Level.WARNING, "Node {0}: Hazelcast {1}", nodeId, now ? "reachable again"
                        : client ? "client lost its cluster" : "member is not active");
            }
            reported = now;
            r.connectionChanged(now);
        }
    }

    /** Whether a call can reach the cluster now: running, and for a client, connected. */
    private boolean reachable() {
        return !closed && (client ? clientConnected : true) && running();
    }

    private boolean running() {
        try {
            return hz.getLifecycleService().isRunning();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private boolean active() {
        try {
            ClusterState state = hz.getCluster().getClusterState();
            return state == ClusterState.ACTIVE || state == ClusterState.NO_MIGRATION;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public boolean connected() {
        return connectedNow;
    }

    @Override
    public String engine() {
        return "hazelcast";
    }

    @Override
    public String topology() {
        return topology;
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

    /** {@return whether Gatehouse started this instance (and shuts it down at close)} */
    public boolean ownsInstance() {
        return owned;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long waitMs = settings.timeout().toMillis();
        if (running()) {
            try {
                presence.removeAll().get(waitMs, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.log(Level.DEBUG, "Presence of node " + nodeId + " not removed at close; it expires with the TTL", e);
            }
            CompletableFuture<Void> unsubscribed = new CompletableFuture<>();
            Pools.execute(subscriber, () -> {
                try {
                    registrations.forEach((k, id) -> shards[k].removeMessageListener(id));
                    if (allRegistration != null) {
                        all.removeMessageListener(allRegistration);
                    }
                    hz.getLifecycleService().removeLifecycleListener(lifecycleRegistration);
                    hz.getCluster().removeMembershipListener(membershipRegistration);
                } catch (RuntimeException e) {
                    LOG.log(Level.DEBUG, "Removing listeners failed", e);
                }
                unsubscribed.complete(null);
            });
            try {
                unsubscribed.get(waitMs, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.log(Level.DEBUG, "Listeners not removed at close", e);
            }
        }
        worker.shutdownNow();
        subscriber.shutdownNow();
        io.shutdownNow();
        if (owned) {
            hz.shutdown();
        }
    }
}
