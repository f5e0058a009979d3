package dev.gatehouse.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.testkit.cluster.BackplaneBehaviour;
import dev.gatehouse.testkit.cluster.ClusterNodes;
import dev.gatehouse.testkit.cluster.Engine;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The backplane behaviour suite on a Sentinel set ({@link SentinelEngine}: a primary, its replica,
 * three sentinels; the data nodes' password from a file, the sentinels' ACL user), its stop killing
 * both data nodes; then the master failed over twice while node A sends a room frame every 10 ms to
 * a room with history ({@link FailoverRun}): by {@code SENTINEL FAILOVER} (the old master stays up
 * and is demoted), and by killing it (SIGKILL). Each failover prints a {@code FAILOVER} line.
 */
class SentinelBackplaneBehaviourIT extends BackplaneBehaviour {
    private SentinelSet set;

    @Override
    protected Engine startEngine() throws Exception {
        SentinelEngine engine = SentinelEngine.launch();
        set = engine.set();
        return engine;
    }

    /** Whether both nodes subscribe {@code all} on this server (their pub/sub connections are there). */
    private static boolean bothOn(RedisServer master) {
        return RoomHistoryOverRedisIT.subscribers(master, "gatehouse:all") == 2;
    }

    @Test
    @Order(9)
    void theNodesNameTheSentinelMasterAndSitOnIt() {
        assertEquals("sentinel master \"" + SentinelSet.MASTER + "\" via 3 sentinels",
                nodeA().gatehouse().clusterStatus().topology());
        ClusterNodes.await("both nodes on the master", WAIT, () -> bothOn(set.master()));
    }

    @Test
    @Order(10)
    void aFailoverOrderedWithSentinelFailoverMovesBothConnectionsToTheNewMaster() throws Exception {
        set.awaitReplicaInSync(WAIT.multipliedBy(3));
        RedisServer old = set.master();
        FailoverRun.Figures f = FailoverRun.failover(nodeA(), nodeB(), () -> {
            String ok = set.sentinel().command("SENTINEL", "FAILOVER", SentinelSet.MASTER);
            assertTrue(ok.startsWith("+OK"), ok);
            set.awaitFailoverFrom(old, WAIT.multipliedBy(3));
        }, () -> bothOn(set.master()));
        System.out.println(f.line("sentinel (SENTINEL FAILOVER, old master demoted)"));
        assertEquals(0, RoomHistoryOverRedisIT.subscribers(old, "gatehouse:all"), "a node stayed on the old master");
        assertTrue(f.outageMs() < 20_000, f.line("too long"));
    }

    @Test
    @Order(11)
    void theMasterKilledMidStreamIsAnOutageAfterWhichDeliveryResumesAndNothingIsLostSilently() throws Exception {
        set.awaitReplicaInSync(WAIT.multipliedBy(3)); // the old master of the previous test, now the replica
        RedisServer old = set.master();
        FailoverRun.Figures f = FailoverRun.failover(nodeA(), nodeB(), () -> {
            old.kill();
            set.awaitFailoverFrom(old, WAIT.multipliedBy(3));
        }, () -> bothOn(set.master()));
        System.out.println(f.line("sentinel (master killed, SIGKILL)"));
        assertTrue(f.outageMs() < 20_000, f.line("too long"));
    }
}
