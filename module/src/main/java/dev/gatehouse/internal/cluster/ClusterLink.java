package dev.gatehouse.internal.cluster;

import dev.gatehouse.ClusterStatus;
import dev.gatehouse.internal.cluster.ClusterMessage.Kind;
import dev.gatehouse.internal.lifecycle.BurstLog;
import dev.gatehouse.internal.metrics.GatehouseMetrics;
import dev.gatehouse.spi.Backplane;
import dev.gatehouse.spi.HistoryStore;
import dev.gatehouse.spi.RevocationStore;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * This node's link to the other nodes: publishes one {@link ClusterMessage} per send, and delivers
 * the other nodes' messages. Messages arrive on the backplane's thread and are handed at once to
 * one delivery thread (a bounded queue; what does not fit is counted and logged, never waited
 * for), which keeps their order and drops its own and repeated ones. Subscriptions follow the
 * rooms this node holds members of, changed in order on one control thread, which also sends
 * this node's presence events (one node or many) in the order they were queued. Without a
 * backplane (one node) nothing is published. Every message is signed with the cluster secret
 * ({@link MessageSigner}); one from the backplane that is not is dropped and counted
 * ({@code bad_signature}) before anything reads it. Thread-safe; no lock is held while calling the
 * backplane.
 */
public final class ClusterLink implements Backplane.Receiver {
    /** Messages from other nodes waiting for the delivery thread. */
    static final int DELIVERY_QUEUE = 65_536;
    /** This node's presence events waiting for the control thread. */
    static final int CONTROL_QUEUE = 65_536;
    /** Origins whose recent sequence numbers are remembered, to drop repeats. */
    private static final int ORIGINS = 1024;
    /** How many of an origin's latest sequence numbers are remembered. */
    private static final int WINDOW = 4096;
    private static final Logger LOG = System.getLogger("dev.gatehouse.cluster");

    private final String nodeId;
    private final String origin;
    private final Backplane backplane;
    private final String engine;
    private final String topology;
    private final Consumer<ClusterMessage> local;
    private final MessageSigner signer;
    /** Takes the messages appended to a stream's history, with their positions (never blocks). */
    private volatile BiConsumer<HistoryStore.Position, String> positioned = (p, m) -> { };
    /** Run when the backplane reaches the other nodes again (the history catches up, the revocations are read). */
    private final List<Runnable> resumed = new CopyOnWriteArrayList<>();
    /** Told when a topic's subscription is in place (the history catches up with that stream). */
    private volatile Consumer<String> subscribedTo = topic -> { };
    private final ThreadPoolExecutor delivery;
    private final ThreadPoolExecutor control;
    /**
     * Rooms whose subscription is to follow their members, with how to tell whether it is wanted:
     * coalesced per room, so that however many joins and leaves come, the control thread's queue
     * holds at most one subscription task.
     */
    private final Map<String, BooleanSupplier> dirtyRooms = new ConcurrentHashMap<>();
    /** Whether a task that reconciles {@link #dirtyRooms} is queued. */
    private final AtomicBoolean reconcileQueued = new AtomicBoolean();
    private final GatehouseMetrics metrics;
    private final AtomicLong seq = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong unpublished = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final BurstLog unpublishedLog = new BurstLog(LOG, "frames not published to the other nodes", 10);
    private final BurstLog droppedLog = new BurstLog(LOG, "frames from other nodes dropped: the delivery queue is full", 10);
    private final BurstLog forgedLog = new BurstLog(LOG,
            "messages from the backplane dropped: not signed with gatehouse.cluster.secret", 10);
    private final BurstLog presenceDroppedLog = new BurstLog(LOG, "presence events dropped: the control queue is full", 10);
    private volatile boolean connected;
    /** On the control thread only. */
    private final Set<String> subscribed = new HashSet<>();
    /**
     * On the delivery thread only: per origin, its latest sequence numbers seen, each in slot
     * {@code seq % WINDOW}. Concurrent senders may publish out of sequence order, so this is a
     * window, not a high-water mark.
     */
    private final Map<String, long[]> seen = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
            return size() > ORIGINS;
        }
    };

    /**
     * A link; {@code backplane} null for a node that runs alone.
     *
     * @param nodeId this node's id
     * @param backplane the backplane, or null
     * @param signer signs this node's messages and checks the others'
     * @param local delivers a message to this node's connections
     * @param metrics where publishes, deliveries, drops and the lag go
     */
    ClusterLink(String nodeId, Backplane backplane, MessageSigner signer, Consumer<ClusterMessage> local,
            GatehouseMetrics metrics) {
        this.metrics = metrics;
        this.engine = backplane == null ? "none" : backplane.engine();
        this.topology = backplane == null ? "" : backplane.topology();
        metrics.backplaneConnected(engine, () -> connected);
        this.nodeId = nodeId;
        this.origin = nodeId + "~" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
        this.backplane = backplane;
        this.local = local;
        this.signer = signer;
        this.connected = backplane == null;
        this.delivery = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(DELIVERY_QUEUE), daemon("gatehouse-cluster-delivery"));
        this.control = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(CONTROL_QUEUE), daemon("gatehouse-cluster-control"));
    }

    /** Starts receiving from the backplane. */
    public void start() {
        if (backplane != null) {
            connected = backplane.connected();
            backplane.start(this);
        }
    }

    /** Where messages appended to a history go, and who catches up when the backplane is back. */
    void positioned(BiConsumer<HistoryStore.Position, String> to, Runnable onResumed, Consumer<String> onSubscribed) {
        this.positioned = to;
        resumed(onResumed);
        this.subscribedTo = onSubscribed;
    }

    /** Runs {@code task} each time the backplane reaches the other nodes again, on the backplane's thread; it must not block. */
    void resumed(Runnable task) {
        resumed.add(task);
    }

    /** {@return where the backplane keeps revocations for every node, or null} */
    RevocationStore revocationStore() {
        return backplane == null ? null : backplane.revocationStore().orElse(null);
    }

    /** Whether other nodes exist to publish to. */
    boolean clustered() {
        return backplane != null;
    }

    /** One message from this node, encoded and signed. */
    String message(Kind kind, String target, String except, String body) {
        return new ClusterMessage(kind, origin, seq.incrementAndGet(), ClusterMessage.nowMicros(), target,
                except == null ? "" : except, body).encode(signer);
    }

    /** Publishes one message to the other nodes; never blocks, never throws. */
    void publish(Kind kind, String target, String except, String body) {
        if (backplane == null) {
            return;
        }
        String message = message(kind, target, except, body);
        try {
            backplane.publish(ClusterMessage.topic(kind, target), message).whenComplete((ok, failure) -> {
                if (failure == null) {
                    published.incrementAndGet();
                    metrics.published();
                } else {
                    notPublished(failure);
                }
            });
        } catch (RuntimeException e) {
            notPublished(e);
        }
    }

    /** A frame for the other nodes was not sent (a history that did not take it counts and logs it itself). */
    void unpublished() {
        unpublished.incrementAndGet();
    }

    private void notPublished(Throwable failure) {
        unpublished.incrementAndGet();
        metrics.dropped("publish_failed", 1);
        unpublishedLog.event(String.valueOf(failure.getMessage()));
    }

    /** This node holds members of a room now, or none: the room's subscription follows, in the order asked. */
    void interest(String room, BooleanSupplier wanted) {
        if (backplane == null) {
            return;
        }
        dirtyRooms.put(room, wanted);
        if (reconcileQueued.compareAndSet(false, true)) {
            try {
                control.execute(this::reconcileDirty);
            } catch (RejectedExecutionException fullOrClosing) {
                reconcileQueued.set(false); // the next control task reconciles it; closing: subscriptions end with the backplane
            }
        }
    }

    /**
     * Sends a presence event on the control thread (with or without other nodes), after the
     * subscription changes and the events queued before it: this node's events leave in the order
     * they were queued, and a first member's {@code member_joined} once its room's subscription was
     * asked for. Only queues, so it may be called under a lock. With {@value #CONTROL_QUEUE} events
     * waiting, the event is dropped and counted ({@code gatehouse.backplane.dropped}, reason
     * {@code presence_queue_full}): presence events are at most once (PROTOCOL.md §3.5).
     *
     * @return false when nothing was queued because the link is closing: the caller sends the event itself
     */
    boolean queue(Runnable event) {
        try {
            control.execute(() -> {
                reconcileDirty();
                try {
                    event.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Sending a presence event failed", e);
                }
            });
            return true;
        } catch (RejectedExecutionException fullOrClosing) {
            if (control.isShutdown()) {
                return false;
            }
            metrics.dropped("presence_queue_full", 1);
            presenceDroppedLog.event(CONTROL_QUEUE + " waiting");
            return true;
        }
    }

    /** On the control thread: brings the subscriptions of the rooms whose members changed in step. */
    private void reconcileDirty() {
        reconcileQueued.set(false);
        for (Map.Entry<String, BooleanSupplier> room : dirtyRooms.entrySet()) {
            if (dirtyRooms.remove(room.getKey(), room.getValue())) {
                reconcile(ClusterMessage.roomTopic(room.getKey()), room.getValue().getAsBoolean());
            }
        }
    }

    /** Waits until the subscription changes asked for so far are made (for tests). */
    void awaitControl() throws InterruptedException {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        control.execute(done::countDown);
        done.await(5, TimeUnit.SECONDS);
    }

    /** Waits until the messages received so far are delivered (for tests). */
    void awaitDelivery() throws InterruptedException {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        delivery.execute(done::countDown);
        done.await(5, TimeUnit.SECONDS);
    }

    private void reconcile(String topic, boolean wanted) {
        try {
            if (wanted && subscribed.add(topic)) {
                backplane.subscribe(topic);
            } else if (!wanted && subscribed.remove(topic)) {
                backplane.unsubscribe(topic);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Changing the subscription to " + topic + " failed", e);
        }
    }

    @Override
    public void receive(String topic, String message) {
        received.incrementAndGet();
        try {
            delivery.execute(() -> deliver(topic, message));
        } catch (RejectedExecutionException full) {
            dropped.incrementAndGet();
            metrics.dropped("queue_full", 1);
            droppedLog.event(delivery.isShutdown() ? "stopping" : DELIVERY_QUEUE + " waiting");
        }
    }

    @Override
    public void receive(String topic, HistoryStore.Position position, String message) {
        received.incrementAndGet();
        positioned.accept(position, message);
    }

    @Override
    public void subscribed(String topic) {
        subscribedTo.accept(topic);
    }

    @Override
    public void connectionChanged(boolean nowConnected) {
        boolean was = connected;
        connected = nowConnected;
        if (was && !nowConnected) {
            LOG.log(Level.WARNING, "Node {0}: cross-node delivery stopped, the backplane lost its broker;"
                    + " local delivery goes on", nodeId);
        } else if (!was && nowConnected) {
            LOG.log(Level.INFO, "Node {0}: cross-node delivery resumed", nodeId);
            for (Runnable task : resumed) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Catching up after the backplane came back failed", e);
                }
            }
        }
    }

    private void deliver(String topic, String text) {
        ClusterMessage m;
        try {
            m = ClusterMessage.decode(text, signer);
        } catch (ClusterMessage.BadSignature e) {
            dropped.incrementAndGet();
            metrics.dropped("bad_signature", 1);
            forgedLog.event("a message on " + topic + " is " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            dropped.incrementAndGet();
            metrics.dropped("malformed", 1);
            droppedLog.event("not a Gatehouse message on " + topic);
            return;
        }
        if (m.origin().equals(origin)) {
            return;
        }
        if (!firstTime(m.origin(), m.seq())) {
            metrics.dropped("duplicate", 1);
            return;
        }
        if (m.sentMicros() > 0) {
            metrics.received((ClusterMessage.nowMicros() - m.sentMicros()) * 1_000);
        }
        try {
            local.accept(m);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Delivering a " + m.kind() + " message from " + m.origin() + " failed", e);
        }
    }

    /**
     * Whether this is the first time this origin's sequence number is seen. A number more than
     * {@link #WINDOW} behind the newest seen counts as seen (a replay that late is dropped).
     */
    private boolean firstTime(String from, long n) {
        long[] window = seen.computeIfAbsent(from, k -> new long[WINDOW + 1]); // last slot: the newest
        int slot = (int) (n % WINDOW);
        if (window[slot] == n || n <= window[WINDOW] - WINDOW) {
            return false;
        }
        window[slot] = n;
        window[WINDOW] = Math.max(window[WINDOW], n);
        return true;
    }

    /** {@return the counts so far} */
    public ClusterStatus status() {
        return new ClusterStatus(nodeId, engine, topology, connected, published.get(), unpublished.get(),
                received.get(), dropped.get());
    }

    /** Closes the backplane and stops the threads, after the messages already queued. */
    public void close() {
        control.shutdown();
        try {
            control.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (backplane != null) {
            try {
                backplane.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Closing the backplane failed", e);
            }
        }
        delivery.shutdown();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
