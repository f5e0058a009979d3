package dev.gatehouse.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.JoinDecision;
import dev.gatehouse.internal.cluster.ClusterNode.Member;
import dev.gatehouse.spi.RoomAuthorizer;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Joining and leaving rooms on one node: names, the authorizer, the limit, and the close. */
class RoomMembershipTest {
    private ClusterNode node = ClusterNode.alone();

    @AfterEach
    void close() {
        node.close();
    }

    @Test
    void aJoinedConnectionIsAMemberUntilItLeaves() {
        Member alice = node.ready("alice");
        assertTrue(alice.connection().rooms().join("chat:lobby").allowed());
        assertTrue(alice.connection().rooms().join("chat:lobby").allowed(), "joining twice changes nothing");
        assertEquals(Set.of("chat:lobby"), alice.connection().rooms().names());
        assertEquals(List.of(alice.connection()), List.copyOf(node.connections.inRoom("chat:lobby")));

        assertTrue(alice.connection().rooms().leave("chat:lobby"));
        assertFalse(alice.connection().rooms().leave("chat:lobby"), "not a member any more");
        assertEquals(Set.of(), alice.connection().rooms().names());
        assertTrue(node.connections.inRoom("chat:lobby").isEmpty());
    }

    @Test
    void aClosedConnectionLeavesEveryRoom() {
        Member alice = node.ready("alice");
        alice.connection().rooms().join("chat:a");
        alice.connection().rooms().join("chat:b");
        alice.connection().onClosed(1000, "");
        assertTrue(node.connections.inRoom("chat:a").isEmpty());
        assertTrue(node.connections.inRoom("chat:b").isEmpty());
        assertEquals(Set.of(), alice.connection().rooms().names());
    }

    @Test
    void aClosedConnectionCannotJoinAndIsToldNothing() {
        Member alice = node.ready("alice");
        alice.connection().onClosed(1000, "");
        assertFalse(alice.connection().rooms().join("chat:a").allowed());
        assertTrue(node.connections.inRoom("chat:a").isEmpty());
    }

    @Test
    void anInvalidNameIsRefusedAndTheClientToldRoomForbidden() {
        Member alice = node.ready("alice");
        for (String bad : List.of("", "has space", "x".repeat(129), "emoji\uD83D\uDE00", "new\nline")) {
            JoinDecision d = node.connections.rooms(alice.connection(), "7").join(bad);
            assertFalse(d.allowed(), bad);
        }
        assertEquals(List.of("connection_established", "error ROOM_FORBIDDEN reply_to=7",
                "error ROOM_FORBIDDEN reply_to=7", "error ROOM_FORBIDDEN reply_to=7", "error ROOM_FORBIDDEN reply_to=7",
                "error ROOM_FORBIDDEN reply_to=7"), alice.transport().summary());
        assertTrue(alice.connection().rooms().join("Az09_.:@=+-").allowed(), "every allowed character");
    }

    @Test
    void theAuthorizersRefusalIsAValueAndReachesTheClient() {
        node.close();
        RoomAuthorizer onlyOwnRoom = (c, room) -> room.equals("user:" + c.userId()) ? JoinDecision.allow()
                : JoinDecision.refuse("Not your room");
        node = new ClusterNode("node-a", GatehouseConfig.builder().build(), null, onlyOwnRoom);
        Member alice = node.ready("alice");
        assertTrue(alice.connection().rooms().join("user:alice").allowed());
        JoinDecision refused = alice.connection().rooms().join("user:bob");
        assertEquals("Not your room", refused.reason());
        assertEquals(Set.of("user:alice"), alice.connection().rooms().names());
        assertEquals(List.of("connection_established", "error ROOM_FORBIDDEN"), alice.transport().summary());
        assertTrue(alice.transport().texts().get(1).contains("Not your room"));
    }

    @Test
    void anAuthorizerThatThrowsRefusesTheJoinAndTheConnectionStays() {
        node.close();
        node = new ClusterNode("node-a", GatehouseConfig.builder().build(), null, (c, room) -> {
            throw new IllegalStateException("directory down");
        });
        Member alice = node.ready("alice");
        JoinDecision d = alice.connection().rooms().join("chat:lobby");
        assertFalse(d.allowed());
        assertFalse(d.reason().contains("directory down"), "the exception's message is not shown to the client");
        assertTrue(node.connections.inRoom("chat:lobby").isEmpty());
        assertTrue(alice.connection().send("still", null), "the connection is open");
    }

    @Test
    void anAuthorizerThatThrowsAnErrorRefusesToo() {
        node.close();
        node = new ClusterNode("node-a", GatehouseConfig.builder().build(), null, (c, room) -> {
            throw new StackOverflowError();
        });
        assertFalse(node.ready("alice").connection().rooms().join("chat:lobby").allowed());
    }

    @Test
    void anAuthorizerAnsweringNullRefuses() {
        node.close();
        node = new ClusterNode("node-a", GatehouseConfig.builder().build(), null, (c, room) -> null);
        assertFalse(node.ready("alice").connection().rooms().join("chat:lobby").allowed());
    }

    @Test
    void aConnectionHoldsAtMostItsMaximumOfRooms() {
        node.close();
        node = new ClusterNode("node-a", GatehouseConfig.builder().maxRoomsPerConnection(2).build(), null, null);
        Member alice = node.ready("alice");
        assertTrue(alice.connection().rooms().join("a").allowed());
        assertTrue(alice.connection().rooms().join("b").allowed());
        assertFalse(alice.connection().rooms().join("c").allowed());
        assertTrue(alice.connection().rooms().join("a").allowed(), "a room it is in is no new room");
        alice.connection().rooms().leave("a");
        assertTrue(alice.connection().rooms().join("c").allowed());
        assertEquals(List.of("connection_established", "error ROOM_FORBIDDEN"), alice.transport().summary());
    }

    @Test
    void joinsRacingTheCloseLeaveNoMemberBehind() throws Exception {
        for (int round = 0; round < 200; round++) {
            Member m = node.ready("u" + round);
            Thread joiner = new Thread(() -> {
                for (int i = 0; i < 20; i++) {
                    m.connection().rooms().join("chat:race:" + i); // tracked: presence must not keep it either
                }
            });
            joiner.start();
            m.connection().onClosed(1000, "");
            joiner.join();
            for (int i = 0; i < 20; i++) {
                assertTrue(node.connections.inRoom("chat:race:" + i).isEmpty(), "round " + round + " room " + i);
                assertEquals(0, node.connections.presence().count("chat:race:" + i).toCompletableFuture().get()
                        .connections(), "round " + round + " presence of room " + i);
            }
            assertEquals(Set.of(), m.connection().rooms().names());
        }
    }
}
