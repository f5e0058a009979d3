package dev.gatehouse.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.client.Position;
import dev.gatehouse.client.Protocol;
import dev.gatehouse.client.RoomRecovery;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The Java client and a real server with room history, end to end, while a sender sends a numbered
 * frame to the room every 50 ms and the receiver's network (a {@link TcpProxy}) breaks: every number
 * is heard once and in order when the history holds it, and a number is never skipped without a
 * {@code room_recovery} that says {@code recovered: false} first. Each test prints one line of counts.
 * (These live in the test kit, not in the client's module, because the proxy is the test kit's and
 * the test kit depends on the client.)
 */
class RecoveryThroughTcpProxyIT {

    @Test
    void cutAndBlackHoleLoseNothingAndRepeatNothing() throws Exception {
        try (RecoveryRig rig = new RecoveryRig(5000, 300)) {
            rig.startSending();
            rig.awaitMoreNumbers(20);

            rig.proxy().cut(Duration.ofSeconds(3));
            RoomRecovery afterCut = rig.awaitRecovery(1);
            rig.awaitMoreNumbers(20);
            rig.proxy().blackHole(Duration.ofSeconds(4)); // found by the heartbeat: nothing closes
            RoomRecovery afterHole = rig.awaitRecovery(2);
            rig.awaitMoreNumbers(20);
            rig.stopSendingAndDrain();

            RecoveryRig.Tally tally = rig.tally();
            System.out.println(tally.line("cut 3 s + black hole 4 s"));
            assertTrue(afterCut.recovered(), afterCut.toString());
            assertTrue(afterHole.recovered(), afterHole.toString());
            assertTrue(afterCut.replayed() > 0 && afterHole.replayed() > 0, tally.toString());
            assertEquals(LongStream.rangeClosed(1, tally.sent()).boxed().toList(), rig.numbers());
            assertEquals(0, tally.unconfirmed());
            assertTrue(rig.proxy().connections() >= 3, "three connections at least: " + rig.proxy().connections());
            assertTrue(rig.proxy().refusedConnections() >= 1, "a reconnect during the cut was refused");
            assertTrue(rig.closes().stream().anyMatch(c -> Protocol.HEARTBEAT_TIMEOUT.equals(c.reason()) && !c.remote()),
                    "the black hole was found by the client's heartbeat: " + rig.closes());
        }
    }

    @Test
    void beyondTheHistoryTheClientIsToldItWasNotRecovered() throws Exception {
        try (RecoveryRig rig = new RecoveryRig(10, 300)) {
            rig.startSending();
            rig.awaitMoreNumbers(10);

            rig.proxy().cut(Duration.ofSeconds(3)); // about 60 frames missed, 10 kept
            RoomRecovery recovery = rig.awaitRecovery(1);
            rig.awaitMoreNumbers(20);
            rig.stopSendingAndDrain();

            RecoveryRig.Tally tally = rig.tally();
            System.out.println(tally.line("beyond the history (size 10)"));
            assertFalse(recovery.recovered(), recovery.toString());
            assertTrue(Set.of(Protocol.TOO_FAR_BEHIND, Protocol.EXPIRED).contains(recovery.reason().orElse("")),
                    recovery.toString());
            assertEquals(0, recovery.replayed());
            assertTrue(tally.missing() > 0, tally.toString());
            assertEquals(0, tally.silentGaps(), tally.toString());
            assertEquals(0, tally.duplicated(), tally.toString());
            assertEquals(0, tally.outOfOrder(), tally.toString());
            assertEquals(Boolean.FALSE, rig.receiver().recovered("chat:lobby").orElseThrow());
        }
    }

    @Test
    void moreMissedThanTheRecoveryLimitIsTooFarBehind() throws Exception {
        try (RecoveryRig rig = new RecoveryRig(5000, 10)) {
            rig.startSending();
            rig.awaitMoreNumbers(10);

            rig.proxy().cut(Duration.ofSeconds(3)); // about 60 frames missed, all kept, 10 sent at most
            RoomRecovery recovery = rig.awaitRecovery(1);
            rig.awaitMoreNumbers(20);
            rig.stopSendingAndDrain();

            RecoveryRig.Tally tally = rig.tally();
            System.out.println(tally.line("beyond the recovery limit (10)"));
            assertFalse(recovery.recovered(), recovery.toString());
            assertEquals(Optional.of(Protocol.TOO_FAR_BEHIND), recovery.reason());
            assertTrue(tally.missing() > 0, tally.toString());
            assertEquals(0, tally.silentGaps(), tally.toString());
            assertEquals(0, tally.duplicated(), tally.toString());
            assertEquals(0, tally.outOfOrder(), tally.toString());
        }
    }

    @Test
    void fiveDisconnectsInARowRepeatNothing() throws Exception {
        try (RecoveryRig rig = new RecoveryRig(5000, 300)) {
            rig.startSending();
            rig.awaitMoreNumbers(10);

            for (int cut = 1; cut <= 5; cut++) {
                int welcomes = rig.welcomes();
                rig.proxy().cut(Duration.ZERO);
                RecoveryRig.await("welcome after cut " + cut, () -> rig.welcomes() > welcomes);
                RecoveryRig.pause(Duration.ofMillis(100 * cut)); // some cuts mid-replay, some after it
            }
            rig.awaitMoreNumbers(20); // live frames come after the room's replay and its room_recovery
            rig.stopSendingAndDrain();

            RecoveryRig.Tally tally = rig.tally();
            System.out.println(tally.line("five disconnects in a row"));
            assertEquals(0, tally.duplicated(), tally.toString());
            assertEquals(0, tally.outOfOrder(), tally.toString());
            assertEquals(0, tally.missing(), tally.toString());
            assertTrue(rig.recoveries().stream().allMatch(RoomRecovery::recovered), tally.toString());
            assertEquals(LongStream.rangeClosed(1, tally.sent()).boxed().toList(), rig.numbers());
        }
    }

    @Test
    void directMessagesThroughACutLoseNothingAndRepeatNothing() throws Exception {
        try (RecoveryRig rig = new RecoveryRig(5000, 300, true)) {
            rig.startSending();
            rig.awaitMoreNumbers(20);

            rig.proxy().cut(Duration.ofSeconds(3));
            RoomRecovery recovery = rig.awaitRecovery(1);
            rig.awaitMoreNumbers(20);
            rig.stopSendingAndDrain();

            RecoveryRig.Tally tally = rig.tally();
            System.out.println(tally.line("direct messages, cut 3 s"));
            assertTrue(recovery.userStream() && recovery.recovered(), recovery.toString());
            assertEquals("receiver", recovery.user());
            assertTrue(recovery.replayed() > 0, recovery.toString());
            assertEquals(LongStream.rangeClosed(1, tally.sent()).boxed().toList(), rig.numbers());
            assertTrue(rig.receiver().userPosition().isPresent());
            assertEquals(Optional.of(true), rig.receiver().userRecovery().map(RoomRecovery::recovered));
        }
    }

    @Test
    void restartedServerWithItsHistoryInMemorySaysTheEpochChanged() throws Exception {
        try (RecoveryRig rig = new RecoveryRig(5000, 300)) {
            rig.startSending();
            rig.awaitMoreNumbers(20);
            Position before = rig.receiver().position("chat:lobby").orElseThrow();

            rig.restartServer();
            RoomRecovery recovery = rig.awaitRecovery(1);
            rig.awaitMoreNumbers(20);
            rig.stopSendingAndDrain();

            RecoveryRig.Tally tally = rig.tally();
            System.out.println(tally.line("server restarted (memory history)"));
            assertFalse(recovery.recovered(), recovery.toString());
            assertEquals(List.of(Protocol.EPOCH_CHANGED), List.of(recovery.reason().orElse("")));
            // The event names the new epoch's position only once the room has a frame in it; before, none
            // (and the client takes the next frame's). Either way the client ends in the new epoch.
            recovery.position().ifPresent(p -> assertNotEquals(before.epoch(), p.epoch()));
            Position after = rig.receiver().position("chat:lobby").orElseThrow();
            assertNotEquals(before.epoch(), after.epoch());
            assertEquals(0, tally.duplicated(), tally.toString());
            assertEquals(0, tally.outOfOrder(), tally.toString());
            assertEquals(0, tally.silentGaps(), tally.toString());
        }
    }
}
