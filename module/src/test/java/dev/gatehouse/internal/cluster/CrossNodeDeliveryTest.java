package dev.gatehouse.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.internal.cluster.ClusterNode.Member;
import dev.gatehouse.spi.Backplane;
import dev.gatehouse.spi.InProcessCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Three nodes joined by the in-process backplane: every send reaches every node, once per connection. */
class CrossNodeDeliveryTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private final InProcessCluster cluster = new InProcessCluster();
    private final List<ClusterNode> nodes = new ArrayList<>();
    private final ClusterNode a = node("node-a", cluster.node());
    private final ClusterNode b = node("node-b", cluster.node());
    private final ClusterNode c = node("node-c", cluster.node());

    private ClusterNode node(String id, Backplane backplane) {
        ClusterNode n = new ClusterNode(id, GatehouseConfig.builder().clusterSecret(ClusterNode.SECRET).build(), backplane, null);
        nodes.add(n);
        return n;
    }

    @AfterEach
    void close() {
        nodes.forEach(ClusterNode::close);
    }

    @Test
    void aUserWithConnectionsOnTwoNodesGetsOneCopyPerConnection() throws Exception {
        Member onA = a.ready("alice");
        Member onB = b.ready("alice");
        Member bobOnC = c.ready("bob");

        assertEquals(0, c.connections.sendToUser("alice", "note", null), "none of alice's connections is on C");
        await(onA, "note");
        await(onB, "note");
        flush();
        assertEquals(List.of("connection_established", "note"), onA.transport().summary());
        assertEquals(List.of("connection_established", "note"), onB.transport().summary());
        assertEquals(List.of("connection_established"), bobOnC.transport().summary());
    }

    @Test
    void roomMessagesReachMembersOnEveryNodeOnceAndInOrder() throws Exception {
        Member onA = a.ready("alice");
        Member onB = b.ready("bob");
        Member onC = c.ready("carol");
        Member outsider = c.ready("dave");
        for (Member m : List.of(onA, onB, onC)) {
            m.connection().rooms().join("chat:lobby");
        }
        b.awaitSubscriptions();
        c.awaitSubscriptions();

        List<String> expected = new ArrayList<>(List.of("connection_established"));
        for (int i = 0; i < 1000; i++) {
            a.connections.sendToRoom("chat:lobby", "m" + i, null, onA.id());
            expected.add("m" + i);
        }
        onB.await(f -> f.size() == 1001);
        onC.await(f -> f.size() == 1001);
        flush();
        assertEquals(expected, onB.transport().summary());
        assertEquals(expected, onC.transport().summary());
        assertEquals(List.of("connection_established"), onA.transport().summary(), "the sender was left out");
        assertEquals(List.of("connection_established"), outsider.transport().summary());
    }

    @Test
    void aNodeWithoutMembersOfARoomIsNotSentItsMessages() throws Exception {
        Member onB = b.ready("bob");
        onB.connection().rooms().join("chat:x");
        b.awaitSubscriptions();
        onB.connection().rooms().leave("chat:x");
        b.awaitSubscriptions();
        long before = b.connections.status().received();
        a.connections.sendToRoom("chat:x", "late", null);
        flush();
        assertEquals(before, b.connections.status().received(), "B unsubscribed when its last member left");
    }

    @Test
    void sendToAConnectionOnAnotherNodeAndDisconnectsReachIt() throws Exception {
        Member onB = b.ready("bob");
        Member phone = c.ready("alice");
        Member laptop = b.ready("alice");

        assertTrue(a.connections.sendTo(onB.id(), "direct", null), "published: the connection is elsewhere");
        await(onB, "direct");
        a.connections.disconnectUser("alice", 4001, "LOGGED_OUT");
        phone.await(f -> f.contains("close 4001 LOGGED_OUT"));
        laptop.await(f -> f.contains("close 4001 LOGGED_OUT"));
        a.connections.disconnect(onB.id(), 4002, "BANNED");
        onB.await(f -> f.contains("close 4002 BANNED"));
        assertEquals(List.of("connection_established", "direct", "close 4002 BANNED"), onB.transport().summary());
    }

    @Test
    void broadcastAndOtherConnectionsOfTheUserCrossNodes() throws Exception {
        Member sender = a.ready("alice");
        Member other = b.ready("alice");
        Member bob = c.ready("bob");
        assertEquals(0, a.connections.sendToOtherConnections(sender.connection(), "sync", null));
        await(other, "sync");
        assertEquals(1, a.connections.broadcast("all", null));
        await(bob, "all");
        await(other, "all");
        flush();
        assertEquals(List.of("connection_established", "all"), sender.transport().summary());
        assertEquals(List.of("connection_established", "all"), bob.transport().summary());
    }

    @Test
    void aMessageDeliveredTwiceByTheBackplaneReachesTheConnectionOnce() throws Exception {
        List<Backplane.Receiver> receivers = new ArrayList<>();
        Backplane replaying = new Broker() {
            @Override
            public void start(Receiver receiver) {
                receivers.add(receiver);
            }

            @Override
            public CompletionStage<?> publish(String topic, String message) {
                receivers.forEach(r -> {
                    r.receive(topic, message);
                    r.receive(topic, message); // a broker that replays after a reconnect
                });
                return CompletableFuture.completedFuture(null);
            }
        };
        ClusterNode sender = node("node-x", replaying);
        ClusterNode receiver = node("node-y", replaying);
        Member bob = receiver.ready("bob");
        sender.connections.sendToUser("bob", "once", null);
        sender.connections.sendToUser("bob", "twice", null);
        await(bob, "twice");
        receiver.connections.link().awaitDelivery();
        assertEquals(List.of("connection_established", "once", "twice"), bob.transport().summary());
    }

    @Test
    void aBackplaneThatRefusesToPublishIsCountedAndLocalDeliveryGoesOn() {
        Backplane down = new Broker() {
            @Override
            public void start(Receiver receiver) {
                receiver.connectionChanged(false);
            }

            @Override
            public CompletionStage<?> publish(String topic, String message) {
                return CompletableFuture.failedFuture(new IllegalStateException("broker unreachable"));
            }

            @Override
            public void subscribe(String topic) {
                throw new IllegalStateException("broker unreachable");
            }
        };
        ClusterNode lonely = node("node-z", down);
        Member alice = lonely.ready("alice");
        alice.connection().rooms().join("chat:lobby");
        assertEquals(1, lonely.connections.sendToRoom("chat:lobby", "still here", null));
        assertEquals(1, lonely.connections.sendToUser("alice", "and here", null));
        assertEquals(List.of("connection_established", "still here", "and here"), alice.transport().summary());
        assertEquals(2, lonely.connections.status().unpublished());
        assertEquals(false, lonely.connections.status().connected());
    }

    @Test
    void messagesPublishedOutOfSequenceOrderAreAllDeliveredAndRepeatsDropped() throws Exception {
        Member bob = b.ready("bob");
        // two senders on one node took numbers 2 and 1 and published in that order; then a replay
        for (long seq : new long[] {2, 1, 2, 3, 1}) {
            b.connections.link().receive("all", new ClusterMessage(ClusterMessage.Kind.USER, "node-q~1", seq, ClusterMessage.nowMicros(), "bob", "",
                    b.fixture.frames().frame("n" + seq, null, null)).encode(MessageSigner.signing(ClusterNode.SECRET, null)));
        }
        b.connections.link().awaitDelivery();
        assertEquals(List.of("connection_established", "n2", "n1", "n3"), bob.transport().summary());
    }

    @Test
    void aMessageThatIsNotGatehousesIsDroppedAndCounted() throws Exception {
        b.connections.link().receive("all", "hello from someone else");
        b.connections.link().awaitDelivery();
        assertEquals(1, b.connections.status().dropped());
    }

    /** A hand-made broker for one test: subscriptions and close do nothing unless overridden. */
    private abstract static class Broker implements Backplane {
        @Override
        public void subscribe(String topic) {
        }

        @Override
        public void unsubscribe(String topic) {
        }

        @Override
        public void close() {
        }
    }

    private static void await(Member m, String summary) throws InterruptedException {
        m.await(f -> f.contains(summary));
        assertTrue(m.transport().summary().contains(summary), "waited for " + summary + ": " + m.transport().summary());
    }

    private void flush() throws InterruptedException {
        for (ClusterNode n : nodes) {
            n.connections.link().awaitDelivery();
        }
    }
}
