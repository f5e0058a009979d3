package dev.gatehouse.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.client.Position;
import dev.gatehouse.client.RoomRecovery;
import jakarta.json.JsonObject;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Positions: repeats dropped, epochs replaced, recoveries adopted, and the recover frame a welcome is answered with. */
class PositionsTest {
    private final Positions positions = new Positions();

    private boolean receive(String room, String epoch, long offset) {
        return positions.acceptLocked(new Positions.Stamp(room, new Position(epoch, offset)));
    }

    private static JsonObject data(String frame) {
        return Frames.parseObject(frame).orElseThrow().getJsonObject("data");
    }

    private static RoomRecovery recovery(String room, boolean recovered, String reason, String epoch, long offset) {
        return new RoomRecovery(room, room.isEmpty() ? "alice" : "", recovered, Optional.ofNullable(reason), 0,
                Optional.of(new Position(epoch, offset)));
    }

    @Test
    void frameAtOrBelowTheHeldOffsetOfTheSameEpochIsARepeat() {
        assertTrue(receive("chat:lobby", "e1", 1));
        assertTrue(receive("chat:lobby", "e1", 2));
        assertFalse(receive("chat:lobby", "e1", 2));
        assertFalse(receive("chat:lobby", "e1", 1));
        assertTrue(receive("chat:lobby", "e1", 5)); // a hole is the server's to fill, not a repeat
        assertFalse(receive("chat:lobby", "e1", 3));
        assertEquals(Optional.of(new Position("e1", 5)), positions.positionLocked("chat:lobby"));
    }

    @Test
    void eachRoomAndTheUserHaveTheirOwnPosition() {
        assertTrue(receive("chat:lobby", "e1", 7));
        assertTrue(receive("chat:kitchen", "e1", 7));
        assertTrue(receive("", "u1", 7));
        assertFalse(receive("", "u1", 7));
        assertEquals(Optional.of(new Position("u1", 7)), positions.positionLocked(""));
        assertEquals(Optional.empty(), positions.positionLocked("chat:hall"));
    }

    @Test
    void anotherEpochReplacesThePositionWhateverItsOffset() {
        assertTrue(receive("chat:lobby", "e1", 40));
        assertTrue(receive("chat:lobby", "e2", 1));
        assertTrue(receive("chat:lobby", "e2", 2));
        assertFalse(receive("chat:lobby", "e2", 1));
        assertEquals(Optional.of(new Position("e2", 2)), positions.positionLocked("chat:lobby"));
    }

    @Test
    void recoveryPositionBecomesTheRoomsAndIsKept() {
        assertTrue(receive("chat:lobby", "e1", 4));
        RoomRecovery lost = recovery("chat:lobby", false, "epoch_changed", "e2", 9);
        positions.recoveredLocked(lost);

        assertEquals(Optional.of(new Position("e2", 9)), positions.positionLocked("chat:lobby"));
        assertEquals(Optional.of(lost), positions.recoveryLocked("chat:lobby"));
        assertFalse(receive("chat:lobby", "e2", 9));
        assertTrue(receive("chat:lobby", "e2", 10));
    }

    @Test
    void recoveryWithoutAPositionForgetsTheHeldOneAndTakesTheNextFrames() {
        assertTrue(receive("chat:lobby", "e1", 4));
        positions.recoveredLocked(new RoomRecovery("chat:lobby", "", false, Optional.of("unavailable"), 0,
                Optional.empty()));

        assertEquals(Optional.empty(), positions.positionLocked("chat:lobby"));
        assertFalse(positions.recoveryLocked("chat:lobby").orElseThrow().recovered());
        assertTrue(receive("chat:lobby", "e1", 3));
        assertEquals(Optional.of(new Position("e1", 3)), positions.positionLocked("chat:lobby"));
    }

    @Test
    void leftRoomIsForgottenAndNotTrackedUntilJoinedAgain() {
        assertTrue(receive("chat:lobby", "e1", 4));
        positions.recoveredLocked(recovery("chat:lobby", true, null, "e1", 4));
        positions.leftLocked("chat:lobby");

        assertEquals(Optional.empty(), positions.positionLocked("chat:lobby"));
        assertEquals(Optional.empty(), positions.recoveryLocked("chat:lobby"));
        assertTrue(receive("chat:lobby", "e1", 5)); // already on its way: delivered, not tracked
        assertTrue(receive("chat:lobby", "e1", 5));
        assertEquals(Optional.empty(), positions.positionLocked("chat:lobby"));

        positions.joinedLocked("chat:lobby");
        assertTrue(receive("chat:lobby", "e1", 9));
        assertEquals(Optional.of(new Position("e1", 9)), positions.positionLocked("chat:lobby"));
    }

    @Test
    void firstWelcomeOfAServerWithHistoryIsAnsweredWithAnEmptyRecover() {
        assertEquals(Optional.of("{\"type\":\"recover\",\"data\":{}}"), positions.welcomedLocked("ws_1", true));
    }

    @Test
    void reconnectWithoutPositionsNamesOnlyThePreviousConnection() {
        positions.welcomedLocked("ws_1", true);
        assertEquals("{\"previous_connection_id\":\"ws_1\"}",
                data(positions.welcomedLocked("ws_2", true).orElseThrow()).toString());
    }

    @Test
    void serverWithoutHistoryGetsNoRecoverButThePositionsAreKept() {
        positions.welcomedLocked("ws_1", true);
        receive("chat:lobby", "e1", 12);
        assertEquals(Optional.empty(), positions.welcomedLocked("ws_2", false));
        assertEquals("{\"rooms\":{\"chat:lobby\":{\"epoch\":\"e1\",\"offset\":12}},\"previous_connection_id\":\"ws_2\"}",
                data(positions.welcomedLocked("ws_3", true).orElseThrow()).toString());
    }

    @Test
    void reconnectStatesEveryRoomsPositionTheUsersAndThePreviousConnection() {
        positions.welcomedLocked("ws_1", true);
        receive("chat:lobby", "e1", 12);
        receive("chat:kitchen", "e7", 3);
        receive("", "u1", 5);

        String frame = positions.welcomedLocked("ws_2", true).orElseThrow();

        assertEquals("{\"type\":\"recover\",\"data\":{\"rooms\":{\"chat:lobby\":{\"epoch\":\"e1\",\"offset\":12},"
                + "\"chat:kitchen\":{\"epoch\":\"e7\",\"offset\":3}},\"user\":{\"epoch\":\"u1\",\"offset\":5},"
                + "\"previous_connection_id\":\"ws_1\"}}", frame);
    }

    @Test
    void recoverOmitsWhatIsNotHeldAndNamesTheLatestPreviousConnection() {
        positions.welcomedLocked("ws_1", true);
        positions.welcomedLocked("ws_2", true);
        receive("", "u1", 5);
        assertEquals("{\"user\":{\"epoch\":\"u1\",\"offset\":5},\"previous_connection_id\":\"ws_2\"}",
                data(positions.welcomedLocked("ws_3", true).orElseThrow()).toString());

        Positions roomsOnly = new Positions();
        roomsOnly.welcomedLocked("ws_1", true);
        roomsOnly.acceptLocked(new Positions.Stamp("chat:lobby", new Position("e1", 1)));
        JsonObject data = data(roomsOnly.welcomedLocked("ws_2", true).orElseThrow());
        assertFalse(data.containsKey("user"));
        assertTrue(data.containsKey("rooms"));
    }

    @Test
    void recoverLeavesOutRoomsLeft() {
        positions.welcomedLocked("ws_1", true);
        receive("chat:lobby", "e1", 12);
        receive("chat:kitchen", "e7", 3);
        positions.leftLocked("chat:kitchen");

        JsonObject data = data(positions.welcomedLocked("ws_2", true).orElseThrow());

        assertEquals("{\"chat:lobby\":{\"epoch\":\"e1\",\"offset\":12}}", data.getJsonObject("rooms").toString());
    }
}
