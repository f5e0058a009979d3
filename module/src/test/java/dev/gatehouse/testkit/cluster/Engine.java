package dev.gatehouse.testkit.cluster;

import java.util.Map;

/**
 * A backplane engine for {@link BackplaneBehaviour}: a real one (processes, an embedded broker, the
 * test's own members), started before the nodes and stopped after them.
 */
public interface Engine extends AutoCloseable {

    /** {@return what {@code ClusterStatus.engine()} says on a node of this engine} */
    String name();

    /**
     * The engine's settings for one node. The node is built from them with the backplane provider
     * that {@link java.util.ServiceLoader} finds, in the test's JVM and in a forked one on the test
     * class path; the suite adds the token secret, the node id and TTL, and the presence and
     * history rooms.
     *
     * @param nodeId the node
     * @return the settings
     */
    Map<String, String> nodeSettings(String nodeId);

    /** {@return whether the backplane keeps presence for every node} */
    boolean keepsPresence();

    /** {@return whether the backplane keeps room history} */
    boolean keepsHistory();

    /**
     * {@return whether the backplane keeps revocations for the nodes that start later; those that
     * keep history (Redis, Hazelcast) do}
     */
    default boolean keepsRevocations() {
        return keepsHistory();
    }

    /** Every node loses the engine: its processes killed, its broker stopped. */
    void stop() throws Exception;

    /** The engine comes back after {@link #stop}, with its data or without, as it would in production. */
    void start() throws Exception;

    /** Stops the engine for good; never throws. */
    @Override
    void close();
}
