package dev.gatehouse.redis;

import static dev.gatehouse.testkit.cluster.ClusterNodes.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.GatehouseServer;
import dev.gatehouse.testkit.RawUpgrade;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import dev.gatehouse.testkit.cluster.ClusterNodes;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Revocations kept in a real redis-server: a node that starts after a revocation was made reads it
 * from Redis before its first connection and refuses the revoked user's tokens; what has expired
 * is not read.
 */
class RevocationsKeptInRedisIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final RedisEngine redis = RedisEngine.onFreePort();
    private GatehouseServer first;
    private GatehouseServer later;

    @AfterEach
    void stop() {
        for (GatehouseServer node : new GatehouseServer[] {first, later}) {
            if (node != null) {
                node.stop();
            }
        }
        redis.close();
    }

    private Map<String, String> settings(String nodeId) {
        Map<String, String> s = new HashMap<>(redis.nodeSettings(nodeId));
        s.put("gatehouse.jwt.secret", TestServer.SECRET);
        s.put("gatehouse.cluster.node-id", nodeId);
        return s;
    }

    private static int status(URI uri, String token) {
        return RawUpgrade.send(uri, Map.of("Authorization", "Bearer " + token)).status();
    }

    @Test
    void aNodeStartedAfterARevocationLearnsItFromRedis() {
        first = ClusterNodes.start(settings("node-a"));
        String token = TestServer.token("ivy");
        first.gatehouse().revocations().revokeUser("ivy", Instant.now().plus(Duration.ofHours(1)));
        Instant shortLived = Instant.now().plusMillis(300);
        first.gatehouse().revocations().revokeUser("old", shortLived);
        assertEquals(401, status(first.uri(), token));
        String members = redis.server().command("ZRANGE", "gatehouse:revocations", "0", "-1");
        assertTrue(members.contains("ivy"), members);

        await("the short revocation to expire", WAIT, () -> Instant.now().isAfter(shortLived));
        later = ClusterNodes.start(settings("node-b"));

        assertEquals(401, status(later.uri(), token), "read from Redis before the first connection");
        try (TestClient old = TestClient.connectWelcomed(later.uri(), TestServer.token("old"))) {
            old.assertOpen();
        }
        try (TestClient other = TestClient.connectWelcomed(later.uri(), TestServer.token("jon"))) {
            other.assertOpen();
        }
    }
}
