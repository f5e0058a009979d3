package dev.gatehouse.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatehouse.CloseCodes;
import dev.gatehouse.internal.cluster.ClusterNode.Member;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Sends to rooms and users on one node: only members, the exception left out, disconnects. */
class RoomDeliveryTest {
    private final ClusterNode node = ClusterNode.alone();

    @AfterEach
    void close() {
        node.close();
    }

    @Test
    void aRoomSendReachesEveryMemberButTheExceptionAndNobodyElse() {
        Member alice = node.ready("alice");
        Member bob = node.ready("bob");
        Member carol = node.ready("carol");
        alice.connection().rooms().join("room");
        bob.connection().rooms().join("room");

        assertEquals(2, node.connections.sendToRoom("room", "hello", null));
        assertEquals(1, node.connections.sendToRoom("room", "echo-free", null, alice.id()));

        assertEquals(List.of("connection_established", "hello"), alice.transport().summary());
        assertEquals(List.of("connection_established", "hello", "echo-free"), bob.transport().summary());
        assertEquals(List.of("connection_established"), carol.transport().summary());
    }

    @Test
    void aSendToAnInvalidRoomNameIsMisuse() {
        assertThrows(IllegalArgumentException.class, () -> node.connections.sendToRoom("no spaces", "x", null));
    }

    @Test
    void aSendToAnEmptyRoomReachesNobody() {
        assertEquals(0, node.connections.sendToRoom("empty", "hello", null));
    }

    @Test
    void disconnectUserClosesEveryConnectionOfTheUserWithTheCodeAndReason() {
        Member phone = node.ready("alice");
        Member laptop = node.ready("alice");
        Member bob = node.ready("bob");
        assertEquals(2, node.connections.disconnectUser("alice", 4001, "LOGGED_OUT"));
        assertEquals(List.of("connection_established", "close 4001 LOGGED_OUT"), phone.transport().summary());
        assertEquals(List.of("connection_established", "close 4001 LOGGED_OUT"), laptop.transport().summary());
        assertEquals(List.of("connection_established"), bob.transport().summary());
    }

    @Test
    void disconnectOfOneConnectionLeavesTheUsersOthersOpen() {
        Member phone = node.ready("alice");
        Member laptop = node.ready("alice");
        node.connections.disconnect(phone.id(), CloseCodes.POLICY_VIOLATION, "TOKEN_REVOKED");
        assertEquals(List.of("connection_established", "close 1008 TOKEN_REVOKED"), phone.transport().summary());
        assertEquals(List.of("connection_established"), laptop.transport().summary());
    }

    @Test
    void disconnectRefusesReservedCodesLikeClose() {
        assertThrows(IllegalArgumentException.class, () -> node.connections.disconnectUser("alice", 1011, "X"));
        assertThrows(IllegalArgumentException.class, () -> node.connections.disconnect("ws_x", 1006, "X"));
    }

    @Test
    void sendToAConnectionNotHereIsFalseOnANodeAlone() {
        assertEquals(false, node.connections.sendTo("ws_elsewhere", "x", null));
    }
}
