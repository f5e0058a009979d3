package dev.gatehouse.spi;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Carries frames between the nodes of a cluster: what one node sends to a room, a user, a
 * connection or everyone reaches the connections that the other nodes hold. Gatehouse delivers to
 * its own connections itself and publishes one message per send; a backplane only moves those
 * messages. Implementations: the in-process one (the default: one node, nothing leaves the JVM) and
 * Redis (the {@code gatehouse-redis} artifact). Delivery is at most once.
 *
 * <p>A backplane must never block the caller of {@link #publish}, {@link #subscribe} or
 * {@link #unsubscribe} (they run on handler and container threads), must keep the messages it
 * publishes to one topic in order, and must call the {@link Receiver} on its own thread.
 */
public interface Backplane extends AutoCloseable {

    /**
     * Starts delivering: from now on every message published to a topic this node subscribes to
     * by any node (this one included) reaches {@code receiver}. Called once.
     *
     * @param receiver where messages go
     */
    void start(Receiver receiver);

    /**
     * Publishes a message to every node subscribed to the topic, without waiting for it.
     *
     * @param topic the topic: {@code all}, or {@code room:} and a room name
     * @param message the message, opaque to the backplane
     * @return completes when the message is handed to the broker; fails when it could not be
     *     (Gatehouse counts those, and does not retry)
     */
    CompletionStage<?> publish(String topic, String message);

    /**
     * This node wants a topic's messages (it holds a member of that room); kept across
     * reconnects. Every node always receives topic {@code all}.
     *
     * @param topic the topic
     */
    void subscribe(String topic);

    /**
     * This node no longer wants a topic's messages.
     *
     * @param topic the topic
     */
    void unsubscribe(String topic);

    /** {@return whether messages cross to other nodes now; a node that is not connected is not ready} */
    default boolean connected() {
        return true;
    }

    /**
     * {@return the engine's name, for health, the meters' {@code engine} tag and the startup log:
     * {@code redis}, {@code hazelcast}, {@code jms}, {@code in-process}}
     */
    default String engine() {
        return getClass().getName();
    }

    /**
     * {@return the engine's topology as this node was configured to reach it, without credentials,
     * for health and the startup log: for example {@code sentinel master "mymaster" via 3 sentinels}}
     */
    default String topology() {
        return "";
    }

    /** {@return where presence is kept for every node; empty for presence of this node only} */
    default Optional<PresenceStore> presenceStore() {
        return Optional.empty();
    }

    /**
     * {@return where the history of rooms and users is kept for every node; empty when this
     * backplane cannot hold it (then a node refuses to start with history configured)}
     */
    default Optional<HistoryStore> historyStore() {
        return Optional.empty();
    }

    /**
     * {@return where revocations are kept for every node, so that a node starting later learns
     * them; empty when this backplane keeps none (a revocation then reaches only the nodes running
     * when it is made)}
     */
    default Optional<RevocationStore> revocationStore() {
        return Optional.empty();
    }

    /** Stops delivering and releases the connection to the broker. */
    @Override
    void close();

    /** Receives the messages of the subscribed topics. */
    interface Receiver {

        /**
         * One message. Gatehouse hands it to its own thread at once: this never blocks.
         *
         * @param topic the topic it was published to
         * @param message the message
         */
        void receive(String topic, String message);

        /**
         * One message appended to a stream's history ({@link HistoryStore#append}), with its
         * position. Gatehouse hands it to its own thread at once: this never blocks.
         *
         * @param topic the topic it was published to
         * @param position its stream's epoch and its offset
         * @param message the message appended
         */
        void receive(String topic, HistoryStore.Position position, String message);

        /**
         * A subscription asked for with {@link Backplane#subscribe} is in place: what is published
         * to the topic from now on arrives. Gatehouse then reads what a history may hold that was
         * published to it before. Optional for a backplane that subscribes at once.
         *
         * @param topic the topic
         */
        default void subscribed(String topic) {
        }

        /**
         * The backplane lost its broker, or reached it again.
         *
         * @param connected whether messages cross between nodes now
         */
        default void connectionChanged(boolean connected) {
        }
    }
}
