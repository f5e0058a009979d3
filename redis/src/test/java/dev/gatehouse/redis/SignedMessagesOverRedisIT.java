package dev.gatehouse.redis;

import static dev.gatehouse.testkit.cluster.ClusterNodes.json;
import static dev.gatehouse.testkit.cluster.Inbox.nextOfType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.Metrics;
import dev.gatehouse.spi.Backplane;
import dev.gatehouse.spi.BackplaneProvider;
import dev.gatehouse.spi.HistoryStore;
import dev.gatehouse.testkit.LogCapture;
import dev.gatehouse.testkit.MeterReadings;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import dev.gatehouse.testkit.cluster.ClusterNodes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Signed backplane messages on a real redis-server: what someone who can publish on the channels
 * (or write into the history) but does not hold {@code gatehouse.cluster.secret} sends reaches no
 * client and closes no connection, and is counted ({@code bad_signature}); a message signed with
 * the accepted secret of a rotation is delivered, one with an unknown secret is not; nodes in the
 * two middle steps of a rotation hear each other; a node without the secret does not start; the
 * secret is never logged. The forged messages follow the wire format of {@code ClusterMessage}
 * (header {@code G2 <signature> <kind> <origin> <seq> <target length> <except length> <sent>}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignedMessagesOverRedisIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String OLD = "the cluster's previous secret, 32+ bytes";
    private static final String UNKNOWN = "a secret no node knows, of 32 bytes or more";
    private static final String ROOM = "chat:signed";
    private static final String HISTORY_ROOM = "h:signed";

    private RedisServer redis;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private LogCapture logs;
    private GatehouseServer a;
    private GatehouseServer b;
    private TestClient alice;
    private TestClient bob;
    private long seq;

    private Map<String, String> settings(String node) {
        Map<String, String> s = Nodes.settings(redis.uri(), node);
        s.put("gatehouse.history.rooms", "h:*");
        s.put("gatehouse.history.timeout", "5s");
        return s;
    }

    @BeforeAll
    void start() {
        logs = LogCapture.of("dev.gatehouse");
        redis = RedisServer.start();
        Map<String, String> rotating = settings("node-a"); // step 2 of a rotation: signs with the new one
        rotating.put("gatehouse.cluster.secret.accepted", OLD);
        a = ClusterNodes.start(rotating, Metrics.micrometer(meters));
        Map<String, String> behind = settings("node-b"); // step 1: still signs with the old one
        behind.put("gatehouse.cluster.secret", OLD);
        behind.put("gatehouse.cluster.secret.accepted", TestServer.CLUSTER_SECRET);
        b = ClusterNodes.start(behind);
        ClusterNodes.await("A and B connected", WAIT, () -> a.gatehouse().clusterStatus().connected()
                && b.gatehouse().clusterStatus().connected());
    }

    @BeforeEach
    void connect() {
        alice = TestClient.connectWelcomed(a.uri(), TestServer.token("alice"));
        bob = TestClient.connectWelcomed(b.uri(), TestServer.token("bob"));
        join(alice, ROOM);
        join(bob, ROOM);
    }

    @AfterEach
    void close() {
        alice.close();
        bob.close();
    }

    @AfterAll
    void stop() {
        try {
            a.stop();
            b.stop();
            for (String secret : new String[] {TestServer.CLUSTER_SECRET, OLD}) {
                assertTrue(logs.matching(r -> LogCapture.describe(r).contains(secret)).isEmpty(), "a secret was logged");
            }
        } finally {
            logs.close();
            redis.close();
        }
    }

    @Test
    void forgedFramesPublishedIntoRedisReachNoClientAndAreCounted() {
        bob.send("room.send", "ready", json("room", ROOM, "text", "subscribed"));
        nextOfType(alice, "room.msg", WAIT); // node A hears the room's channel now
        double before = dropped();
        String frame = "{\"type\":\"user.msg\",\"data\":{\"forged\":true}}";
        publish("all", message(null, 'U', "alice", "", frame)); // unsigned
        publish("all", message(UNKNOWN, 'B', "", "", frame));
        publish("room:" + ROOM, message(UNKNOWN, 'R', ROOM, "", frame));
        publish("all", "G1 U intruder~1 1 5 0 0\nalice" + frame); // the unsigned format of earlier versions

        bob.send("user.send", "s", json("user", "alice", "text", "genuine"));
        JsonObject got = nextOfType(alice, "user.msg", WAIT);
        assertEquals("genuine", got.getJsonObject("data").getString("text"), got.toString());
        MeterReadings.eventually(this::dropped, before + 4);
        alice.assertNothingWithin(Duration.ofMillis(300));
    }

    @Test
    void aForgedDisconnectClosesNobody() {
        double before = dropped();
        publish("all", message(UNKNOWN, 'D', "alice", "", "4000 banned"));
        publish("all", message(null, 'K', alice.connectionId(), "", "4000 banned"));
        MeterReadings.eventually(this::dropped, before + 2);

        bob.send("user.send", "s", json("user", "alice", "text", "still here"));
        assertEquals("still here", nextOfType(alice, "user.msg", WAIT).getJsonObject("data").getString("text"));
        alice.assertOpen();
    }

    @Test
    void aMessageSignedWithTheAcceptedSecretIsDeliveredAndNodesMidRotationHearEachOther() {
        String frame = "{\"type\":\"user.msg\",\"data\":{\"text\":\"signed with the previous secret\"}}";
        publish("all", message(OLD, 'U', "alice", "", frame));
        assertEquals("signed with the previous secret",
                nextOfType(alice, "user.msg", WAIT).getJsonObject("data").getString("text"));

        alice.send("room.send", "to-b", json("room", ROOM, "text", "new to old"));
        assertEquals("new to old", nextOfType(bob, "room.msg", WAIT).getJsonObject("data").getString("text"));
        assertEquals("new to old", nextOfType(alice, "room.msg", WAIT).getJsonObject("data").getString("text")); // her own
        bob.send("room.send", "to-a", json("room", ROOM, "text", "old to new"));
        assertEquals("old to new", nextOfType(alice, "room.msg", WAIT).getJsonObject("data").getString("text"));
    }

    @Test
    void aHistoryEntryWrittenWithoutTheSecretReachesNoClient() throws Exception {
        join(alice, HISTORY_ROOM);
        double before = dropped();
        Backplane intruder = RedisBackplane.create(ConfigSource.of(Map.of("gatehouse.cluster.redis.uri", redis.uri())),
                new BackplaneProvider.Node("intruder", Duration.ofSeconds(30)));
        try {
            intruder.start(new RedisBackplaneIT.Recorder());
            ClusterNodes.await("the intruder connected", WAIT, intruder::connected);
            String stream = "room:" + HISTORY_ROOM;
            intruder.historyStore().orElseThrow().append(stream, stream,
                    message(UNKNOWN, 'R', HISTORY_ROOM, "", "{\"type\":\"room.msg\",\"data\":{\"text\":\"forged\"}}"),
                    new HistoryStore.Limits(1000, Duration.ofMinutes(5))).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            intruder.close();
        }
        join(bob, HISTORY_ROOM);
        bob.send("room.send", "h", json("room", HISTORY_ROOM, "text", "genuine"));
        JsonObject got = nextOfType(alice, "room.msg", WAIT);
        assertEquals("genuine", got.getJsonObject("data").getString("text"), got.toString());
        assertEquals(2, got.getJsonNumber("offset").longValue(), "the forged entry's offset was skipped");
        assertTrue(dropped() >= before + 1, "the forged entry was not counted");
    }

    @Test
    void aNodeWithoutTheSecretDoesNotStartAndSaysWhichSetting() {
        Map<String, String> unsigned = settings("node-x");
        unsigned.remove("gatehouse.cluster.secret");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> ClusterNodes.start(unsigned).stop());
        assertEquals("gatehouse.cluster.secret", e.property());

        Map<String, String> tooShort = new HashMap<>(unsigned);
        tooShort.put("gatehouse.cluster.secret", "31 bytes is one byte too short!");
        ConfigurationException shortOne = assertThrows(ConfigurationException.class, () -> ClusterNodes.start(tooShort).stop());
        assertEquals("gatehouse.cluster.secret", shortOne.property());
        assertFalse(shortOne.getMessage().contains("one byte too short"), shortOne.getMessage());
    }

    private double dropped() {
        return MeterReadings.count(meters, "gatehouse.backplane.dropped", "reason", "bad_signature");
    }

    private static void join(TestClient client, String room) {
        client.send("room.join", "j-" + room, json("room", room));
        nextOfType(client, "room.joined", WAIT);
    }

    private void publish(String topic, String message) {
        assertTrue(redis.command("PUBLISH", "gatehouse:" + topic, message).startsWith(":"));
    }

    /** A message in the cluster's wire format from an origin of the test's, signed with {@code secret} (null: unsigned). */
    private String message(String secret, char kind, String target, String except, String body) {
        String signed = kind + " intruder~1 " + (++seq) + " " + target.length() + " " + except.length() + " 0\n"
                + target + except + body;
        return "G2 " + (secret == null ? "-" : sign(secret, signed)) + " " + signed;
    }

    private static String sign(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
