package dev.gatehouse;

import dev.gatehouse.spi.Backplane;

/**
 * What this node's backplane did so far, for health checks and metrics. Counts grow from the start.
 *
 * @param nodeId this node's id
 * @param engine the backplane's engine ({@link Backplane#engine()}), {@code none} for a node alone
 * @param topology how this node reaches the engine ({@link Backplane#topology()}), without credentials
 * @param connected whether frames cross between nodes now (always true for the in-process backplane)
 * @param published messages handed to the backplane
 * @param unpublished messages that could not be published (broker unreachable), not retried;
 *     frames to a room (or user) with history among them, which then reached no one
 * @param received messages received from other nodes
 * @param dropped messages received but not delivered: the delivery queue was full
 */
public record ClusterStatus(String nodeId, String engine, String topology, boolean connected, long published, long unpublished, long received,
        long dropped) {
}
