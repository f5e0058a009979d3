package dev.gatehouse.internal.cluster;

import dev.gatehouse.spi.Backplane;
import dev.gatehouse.spi.HistoryStore;
import dev.gatehouse.spi.PresenceStore;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Nodes in one JVM joined without a broker: a publish reaches every started node subscribed to
 * the topic, on the publisher's thread (the receiving node hands it to its own delivery thread at
 * once), and presence and history are one shared {@link LocalPresenceStore} and
 * {@link MemoryHistoryStore}. For tests of the cluster seam and
 * for several Gatehouse instances in one process. Thread-safe.
 */
public final class InProcessBackplane {
    private final CopyOnWriteArrayList<Node> nodes = new CopyOnWriteArrayList<>();
    private final LocalPresenceStore presence = new LocalPresenceStore();
    private final MemoryHistoryStore history = new MemoryHistoryStore(Clock.systemUTC(), (topic, position, message) -> {
        for (Node n : nodes) {
            Backplane.Receiver r = n.receiver;
            if (r != null && n.wants(topic)) {
                r.receive(topic, position, message);
            }
        }
    });

    /** A backplane for one more node of this group. */
    public Backplane node() {
        return new Node();
    }

    /** One node's backplane; needs no cluster secret (the nodes share a JVM). */
    final class Node implements Backplane {
        private final Set<String> topics = ConcurrentHashMap.newKeySet();
        private volatile Receiver receiver;

        @Override
        public String engine() {
            return "in-process";
        }

        @Override
        public void start(Receiver r) {
            receiver = r;
            nodes.add(this);
        }

        @Override
        public CompletionStage<?> publish(String topic, String message) {
            for (Node n : nodes) {
                Receiver r = n.receiver;
                if (r != null && n.wants(topic)) {
                    r.receive(topic, message);
                }
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void subscribe(String topic) {
            topics.add(topic);
        }

        @Override
        public void unsubscribe(String topic) {
            topics.remove(topic);
        }

        boolean wants(String topic) {
            return topic.equals("all") || topics.contains(topic);
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
        public void close() {
            nodes.remove(this);
            receiver = null;
        }
    }
}
