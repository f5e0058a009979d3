package dev.gatehouse.spi;

import dev.gatehouse.internal.cluster.InProcessBackplane;

/**
 * Several Gatehouse instances in one JVM as one cluster, without a broker: give each of them a
 * {@link #node()} of the same group. Sends, disconnects and presence then span the group as they
 * span the nodes of a Redis cluster. For tests, and for a process that serves several ports.
 *
 * <pre>{@code
 * InProcessCluster cluster = new InProcessCluster();
 * Gatehouse a = Gatehouse.builder().backplane(cluster.node()).build();
 * Gatehouse b = Gatehouse.builder().backplane(cluster.node()).build();
 * }</pre>
 */
public final class InProcessCluster {
    private final InProcessBackplane group = new InProcessBackplane();

    /** An empty group. */
    public InProcessCluster() {
    }

    /** {@return a backplane for one more node of this group} */
    public Backplane node() {
        return group.node();
    }
}
