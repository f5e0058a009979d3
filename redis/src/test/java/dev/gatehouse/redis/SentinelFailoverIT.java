package dev.gatehouse.redis;

import static dev.gatehouse.redis.Inbox.nextOfType;
import static dev.gatehouse.redis.Nodes.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ClusterStatus;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two nodes on a Sentinel set (a primary, its replica, three sentinels; {@link SentinelSet}) whose
 * data nodes and sentinels have passwords of their own: the data nodes' from a file
 * ({@code password-file}), the sentinels' ({@code sentinel.username} and {@code sentinel.password})
 * for an ACL user that may only ask for the master's address. The master is failed over
 * twice while node A sends a room frame every 10 ms to a room with history ({@link FailoverRun}):
 * once by {@code SENTINEL FAILOVER} (the old master stays up and becomes a replica), once by
 * killing it (SIGKILL). Each prints a {@code FAILOVER} line of figures.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SentinelFailoverIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DATA_PASSWORD = "data-pw-7f3";
    private static final String SENTINEL_PASSWORD = "sentinel-pw-9c1";
    private SentinelSet set;
    private GatehouseServer a;
    private GatehouseServer b;

    @BeforeAll
    void start() throws Exception {
        set = SentinelSet.start(DATA_PASSWORD, SENTINEL_PASSWORD);
        Path file = Files.createDirectories(Path.of("target", "redis-secrets")).resolve("sentinel-data-password");
        Files.writeString(file, DATA_PASSWORD + "\n"); // as a secret mount holds it: with a line break
        a = Nodes.start(settings(file, "sa"));
        b = Nodes.start(settings(file, "sb"));
        Nodes.await("both nodes connected through the sentinels", WAIT,
                () -> a.gatehouse().clusterStatus().connected() && b.gatehouse().clusterStatus().connected());
    }

    private Map<String, String> settings(Path passwordFile, String node) {
        Map<String, String> s = Nodes.settings(set.uri(), node);
        s.put("gatehouse.cluster.redis.password-file", passwordFile.toString());
        s.put("gatehouse.cluster.redis.sentinel.username", SentinelSet.NODE_USER); // an ACL user of the sentinels
        s.put("gatehouse.cluster.redis.sentinel.password", SENTINEL_PASSWORD);
        s.put("gatehouse.history.rooms", "h:*");
        s.put("gatehouse.history.timeout", "5s");
        return s;
    }

    @AfterAll
    void stop() {
        try {
            if (a != null) {
                a.stop();
            }
            if (b != null) {
                b.stop();
            }
        } finally {
            set.close();
        }
    }

    /** Whether both nodes subscribe {@code all} on this server (their pub/sub connections are there). */
    private static boolean bothOn(RedisServer master) {
        return RoomHistoryOverRedisIT.subscribers(master, "gatehouse:all") == 2;
    }

    @Test
    @Order(1)
    void nodesFindTheMasterThroughTheSentinelsWithCredentialsOfTheirOwnAndSayHow() {
        ClusterStatus status = a.gatehouse().clusterStatus();
        assertEquals("redis", status.engine());
        assertEquals("sentinel master \"" + SentinelSet.MASTER + "\" via 3 sentinels", status.topology());
        try (TestClient onA = TestClient.connectWelcomed(a.uri(), TestServer.token("ann"));
                TestClient onB = TestClient.connectWelcomed(b.uri(), TestServer.token("ben"))) {
            onA.send("user.send", null, json("user", "ben", "text", "through the master the sentinels name"));
            assertEquals("through the master the sentinels name",
                    nextOfType(onB, "user.msg", WAIT).getJsonObject("data").getString("text"));
        }
        assertTrue(set.master().command("CLIENT", "LIST").contains("name=gatehouse"), "the nodes are on the master");
    }

    @Test
    @Order(2)
    void aFailoverOrderedWithSentinelFailoverMovesBothConnectionsToTheNewMaster() throws Exception {
        RedisServer old = set.master();
        FailoverRun.Figures f = FailoverRun.failover(a, b, () -> {
            String ok = set.sentinel().command("SENTINEL", "FAILOVER", SentinelSet.MASTER);
            assertTrue(ok.startsWith("+OK"), ok);
            set.awaitFailoverFrom(old, WAIT);
        }, () -> bothOn(set.master()));
        System.out.println(f.line("sentinel (SENTINEL FAILOVER, old master demoted)"));
        // Pub/sub follows the master: both nodes' subscriptions are on the new master, none is left on the old one.
        assertEquals(0, RoomHistoryOverRedisIT.subscribers(old, "gatehouse:all"));
        assertTrue(f.outageMs() < 20_000, f.line("too long"));
    }

    @Test
    @Order(3)
    void theMasterKilledMidStreamIsAnOutageAfterWhichDeliveryResumesAndNothingIsLostSilently() throws Exception {
        set.awaitReplicaInSync(WAIT); // the old master of the previous test, now the replica
        RedisServer old = set.master();
        FailoverRun.Figures f = FailoverRun.failover(a, b, () -> {
            old.kill();
            set.awaitFailoverFrom(old, WAIT);
        }, () -> bothOn(set.master()));
        System.out.println(f.line("sentinel (master killed, SIGKILL)"));
        assertTrue(f.outageMs() < 20_000, f.line("too long"));
        assertTrue(a.gatehouse().clusterStatus().connected() && b.gatehouse().clusterStatus().connected());
    }
}
