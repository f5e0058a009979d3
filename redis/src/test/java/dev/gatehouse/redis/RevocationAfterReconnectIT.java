package dev.gatehouse.redis;

import static dev.gatehouse.testkit.cluster.ClusterNodes.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.GatehouseServer;
import dev.gatehouse.test.TcpProxy;
import dev.gatehouse.testkit.RawUpgrade;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import dev.gatehouse.testkit.cluster.ClusterNodes;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A revocation made while a node is cut off from Redis (its REVOKE message published while it could
 * not hear it) reaches that node when its link comes back: it reads the revocations Redis keeps again.
 * Node B reaches the real redis-server through the test kit's {@link TcpProxy}; node A directly.
 */
class RevocationAfterReconnectIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void aUserRevokedWhileANodeWasCutOffFromRedisIsClosedAndRefusedThereOnceItsLinkIsBack() throws Exception {
        try (RedisServer redis = RedisServer.start();
                TcpProxy toRedis = TcpProxy.start("127.0.0.1", redis.port())) {
            GatehouseServer a = ClusterNodes.start(Nodes.settings(redis.uri(), "rev-a"));
            GatehouseServer b = ClusterNodes.start(Nodes.settings("redis://127.0.0.1:" + toRedis.port(), "rev-b"));
            String old = TestServer.token("una");
            try (TestClient unaOnB = TestClient.connectWelcomed(b.uri(), old);
                    TestClient otherOnB = TestClient.connectWelcomed(b.uri(), TestServer.token("otto"))) {
                await("both nodes connected", WAIT,
                        () -> a.gatehouse().clusterStatus().connected() && b.gatehouse().clusterStatus().connected());

                toRedis.cut(Duration.ofMinutes(5));
                await("B to lose Redis", WAIT, () -> !b.gatehouse().clusterStatus().connected());
                assertEquals(0, a.gatehouse().revocations().revokeUser("una", Instant.now().plus(Duration.ofHours(1))));
                ClusterNodes.pause(500); // A's REVOKE is published and gone: B heard nothing
                unaOnB.assertOpen();

                toRedis.cut(Duration.ZERO);
                await("B to reach Redis again", WAIT, () -> b.gatehouse().clusterStatus().connected());

                unaOnB.nextError("TOKEN_REVOKED");
                unaOnB.assertClosed(1008, "TOKEN_REVOKED");
                RawUpgrade.Response refused = RawUpgrade.send(b.uri(), Map.of("Authorization", "Bearer " + old));
                assertEquals(401, refused.status(), refused.raw());
                assertTrue(refused.body().contains("\"TOKEN_REVOKED\""), refused.raw());
                otherOnB.assertOpen();
            } finally {
                a.stop();
                b.stop();
            }
        }
    }
}
