package dev.gatehouse.redis;

import static dev.gatehouse.testkit.cluster.ClusterNodes.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.Connections;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import dev.gatehouse.testkit.cluster.BackplaneBehaviour;
import dev.gatehouse.testkit.cluster.Engine;
import dev.gatehouse.testkit.cluster.Inbox;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** The backplane behaviour suite on one real redis-server, killed and started again empty mid-stream. */
class RedisBackplaneBehaviourIT extends BackplaneBehaviour {
    private RedisServer redis;

    @Override
    protected Engine startEngine() {
        RedisEngine engine = RedisEngine.onFreePort();
        redis = engine.server();
        return engine;
    }

    @Test
    @Order(3)
    void aRoomSendIsOnePublishWhateverTheNumberOfMembers() {
        try (TestClient onB = TestClient.connectWelcomed(nodeB().uri(), TestServer.token("bo"));
                TestClient alsoOnB = TestClient.connectWelcomed(nodeB().uri(), TestServer.token("bu"))) {
            for (TestClient c : new TestClient[] {onB, alsoOnB}) {
                c.send("room.join", "j", json("room", "r:once"));
                Inbox.nextOfType(c, "room.joined", WAIT);
            }
            Connections fromA = nodeA().gatehouse().connections();
            fromA.sendToRoom("r:once", "room.msg", Map.of("n", 0));
            Inbox.nextOfType(onB, "room.msg", WAIT);
            long before = publishCalls();
            for (int n = 1; n <= 100; n++) {
                fromA.sendToRoom("r:once", "room.msg", Map.of("n", n));
            }
            assertEquals(101, Inbox.drain(alsoOnB, "room.msg", Duration.ofMillis(300)).size(), "frames 0-100 once each");
            assertEquals(100, publishCalls() - before, "one PUBLISH per send for two members on one node");
        }
    }

    /** How many PUBLISH commands Redis executed so far. */
    private long publishCalls() {
        Matcher m = Pattern.compile("cmdstat_publish:calls=(\\d+)").matcher(redis.command("INFO", "commandstats"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
