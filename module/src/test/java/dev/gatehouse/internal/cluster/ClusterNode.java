package dev.gatehouse.internal.cluster;

import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.internal.lifecycle.ConnectionFixture;
import dev.gatehouse.internal.lifecycle.ConnectionRegistry;
import dev.gatehouse.internal.lifecycle.ManagedConnection;
import dev.gatehouse.internal.lifecycle.RecordingTransport;
import dev.gatehouse.internal.metrics.GatehouseMetrics;
import dev.gatehouse.spi.Backplane;
import dev.gatehouse.spi.RoomAuthorizer;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** One node for the cluster tests: fake connections (no sockets), a real registry, rooms and link. */
final class ClusterNode implements AutoCloseable {
    /** The cluster secret of test nodes on a backplane of the test's own (one that wraps the in-process one). */
    static final String SECRET = "the test nodes' cluster secret, 32+ bytes";
    final ConnectionFixture fixture = new ConnectionFixture();
    final ConnectionRegistry registry = new ConnectionRegistry(100, 100);
    final ClusterConnections connections;

    ClusterNode(String nodeId, GatehouseConfig config, Backplane backplane, RoomAuthorizer authorizer) {
        connections = new ClusterConnections(registry, fixture.frames(), config, nodeId, backplane, authorizer,
                GatehouseMetrics.none());
        fixture.rooms(c -> connections.rooms(c, null), c -> {
            registry.remove(c);
            connections.closed(c);
        });
        connections.start();
    }

    /** A node alone, with presence for {@code chat:*}. */
    static ClusterNode alone() {
        return new ClusterNode("node-a", GatehouseConfig.builder().presenceRooms(java.util.List.of("chat:*")).build(),
                null, null);
    }

    /** A READY connection of {@code user} on this node, its frames recorded. */
    Member ready(String user) {
        RecordingTransport transport = RecordingTransport.completing();
        ManagedConnection c = fixture.connection(transport,
                ConnectionFixture.token(user, ConnectionFixture.START.plus(Duration.ofHours(1))));
        registry.tryAdd(c);
        transport.reportClosesTo(c);
        fixture.ready(c);
        return new Member(c, transport);
    }

    /** Waits until the subscriptions asked for so far are in place. */
    void awaitSubscriptions() throws InterruptedException {
        connections.link().awaitControl();
    }

    @Override
    public void close() {
        connections.close();
    }

    /** A connection and what was written to it. */
    record Member(ManagedConnection connection, RecordingTransport transport) {
        String id() {
            return connection.id();
        }

        /** Waits up to 5 s until the frames written, in {@link RecordingTransport#summary()} form, satisfy the condition. */
        List<String> await(Predicate<List<String>> condition) throws InterruptedException {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!condition.test(transport.summary())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Not seen within 5 s; frames: " + transport.summary());
                }
                Thread.sleep(2);
            }
            return transport.summary();
        }
    }
}
