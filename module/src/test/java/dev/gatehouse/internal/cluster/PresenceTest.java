package dev.gatehouse.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.PresenceCount;
import dev.gatehouse.PresenceMember;
import dev.gatehouse.internal.cluster.ClusterNode.Member;
import dev.gatehouse.spi.InProcessCluster;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Presence of tracked rooms across nodes: members per connection, counts, and the events. */
class PresenceTest {
    private final InProcessCluster cluster = new InProcessCluster();
    private final GatehouseConfig config = GatehouseConfig.builder().presenceRooms(List.of("chat:*", "lobby"))
            .clusterSecret(ClusterNode.SECRET).build();
    private final ClusterNode a = new ClusterNode("node-a", config, cluster.node(), null);
    private final ClusterNode b = new ClusterNode("node-b", config, cluster.node(), null);

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    @Test
    void membersAreOneEntryPerConnectionAcrossNodesAndCountsCountUsers() throws Exception {
        Member phone = a.ready("alice");
        Member laptop = b.ready("alice");
        Member bob = b.ready("bob");
        for (Member m : List.of(phone, laptop, bob)) {
            m.connection().rooms().join("chat:lobby");
        }
        List<PresenceMember> members = a.connections.presence().members("chat:lobby").toCompletableFuture().get();
        assertEquals(List.of("alice", "alice", "bob"), members.stream().map(PresenceMember::userId).toList());
        assertEquals(List.of("node-a", "node-b"), members.stream().filter(m -> m.userId().equals("alice"))
                .map(PresenceMember::nodeId).sorted().toList());
        assertEquals(new PresenceCount(3, 2), b.connections.presence().count("chat:lobby").toCompletableFuture().get());

        laptop.connection().onClosed(1000, "");
        assertEquals(new PresenceCount(2, 2), a.connections.presence().count("chat:lobby").toCompletableFuture().get());
        bob.connection().rooms().leave("chat:lobby");
        assertEquals(new PresenceCount(1, 1), a.connections.presence().count("chat:lobby").toCompletableFuture().get());
    }

    @Test
    void otherMembersHearJoinsAndLeavesOnEveryNodeButTheJoinerDoesNot() throws Exception {
        Member alice = a.ready("alice");
        alice.connection().rooms().join("chat:lobby");
        a.awaitSubscriptions();
        Member bob = b.ready("bob");
        bob.connection().rooms().join("chat:lobby");
        alice.await(f -> f.contains("member_joined"));
        bob.connection().rooms().leave("chat:lobby");
        alice.await(f -> f.contains("member_left"));
        assertEquals(List.of("connection_established", "member_joined", "member_left"), alice.transport().summary());
        assertEquals(List.of("connection_established"), bob.transport().summary());
        String joined = alice.transport().texts().get(1);
        assertTrue(joined.contains("\"room\":\"chat:lobby\"") && joined.contains("\"user_id\":\"bob\"")
                && joined.contains("\"connection_id\":\"" + bob.id() + "\""), joined);
    }

    @Test
    void aFirstMembersNodeSubscribesTheRoomBeforeTheOthersHearOfTheMember() throws Exception {
        List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.gatehouse.spi.Backplane recording = new dev.gatehouse.spi.Backplane() {
            @Override
            public void start(Receiver receiver) {
            }

            @Override
            public java.util.concurrent.CompletionStage<?> publish(String topic, String message) {
                calls.add("publish " + topic);
                return java.util.concurrent.CompletableFuture.completedFuture(null);
            }

            @Override
            public void subscribe(String topic) {
                calls.add("subscribe " + topic);
            }

            @Override
            public void unsubscribe(String topic) {
                calls.add("unsubscribe " + topic);
            }

            @Override
            public java.util.Optional<dev.gatehouse.spi.PresenceStore> presenceStore() {
                return java.util.Optional.of(new LocalPresenceStore());
            }

            @Override
            public void close() {
            }
        };
        try (ClusterNode n = new ClusterNode("node-r", config, recording, null)) {
            Member alice = n.ready("alice");
            alice.connection().rooms().join("chat:new");
            n.awaitSubscriptions();
            assertEquals(List.of("subscribe room:chat:new", "publish room:chat:new"), calls,
                    "a member elsewhere that hears of alice and answers must reach her");
            assertEquals(new PresenceCount(1, 1), n.connections.presence().count("chat:new").toCompletableFuture().get(),
                    "presence has her at once, for the join's own answer");
        }
    }

    @Test
    void untrackedRoomsHaveNoPresenceAndNoEvents() throws Exception {
        Member alice = a.ready("alice");
        Member bob = a.ready("bob");
        alice.connection().rooms().join("game:1");
        bob.connection().rooms().join("game:1");
        assertFalse(a.connections.presence().isTracked("game:1"));
        assertTrue(a.connections.presence().isTracked("lobby"));
        assertFalse(a.connections.presence().isTracked("lobby2"), "an exact name is no prefix");
        assertThrows(IllegalArgumentException.class, () -> a.connections.presence().members("game:1"));
        assertEquals(List.of("connection_established"), alice.transport().summary());
    }

    @Test
    void eventsCanBeTurnedOffWhilePresenceIsKept() throws Exception {
        GatehouseConfig quiet = config.toBuilder().presenceEvents(false).build();
        try (ClusterNode n = new ClusterNode("node-q", quiet, null, null)) {
            Member alice = n.ready("alice");
            Member bob = n.ready("bob");
            alice.connection().rooms().join("chat:q");
            bob.connection().rooms().join("chat:q");
            assertEquals(new PresenceCount(2, 2), n.connections.presence().count("chat:q").toCompletableFuture().get());
            assertEquals(List.of("connection_established"), alice.transport().summary());
        }
    }
}
