package dev.gatehouse.it.war;


import dev.gatehouse.ConfigSource;
import dev.gatehouse.Gatehouse;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.redis.RedisServer;
import dev.gatehouse.test.TestConnection;
import java.net.URL;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The same jar as a cluster node in either place: the {@code examples/war} chat WAR with
 * {@code gatehouse-redis} in WEB-INF/lib, deployed to the container, and a standalone Gatehouse
 * server in this JVM with the same chat handlers, both on one real redis-server this test starts. A
 * client on each joins one room; messages and presence cross both ways.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ClusterWithStandaloneNodeIT {
    /** Started before the deployment, whose configuration names it. */
    private static final RedisServer REDIS = RedisServer.start();
    private static GatehouseServer standalone;

    @Deployment(testable = false)
    static WebArchive chatOnRedis() {
        return Wars.exampleChat("chat", Map.of("gatehouse.cluster.node-id", "war-node",
                "gatehouse.cluster.redis.uri", REDIS.uri(), "gatehouse.cluster.secret", Wars.CLUSTER_SECRET),
                Wars.backplaneLibraries("redis"));
    }

    private static synchronized GatehouseServer standalone() {
        if (standalone == null) {
            standalone = ChatAcrossNodes.standaloneNode(ConfigSource.of(Map.of("gatehouse.jwt.secret", Wars.SECRET,
                    "gatehouse.cluster.node-id", "standalone-node", "gatehouse.cluster.redis.uri", REDIS.uri(),
                    "gatehouse.presence.rooms", "chat:*", "gatehouse.cluster.secret", Wars.CLUSTER_SECRET)), null);
        }
        return standalone;
    }

    @AfterAll
    static void stop() {
        if (standalone != null) {
            standalone.stop();
        }
        REDIS.close();
    }

    @ArquillianResource
    URL base;

    @Test
    void aRoomMessageCrossesBetweenTheWarAndTheStandaloneNodeBothWays() {
        try (TestConnection onWar = TestConnection.welcomed(Endpoints.ws(base, "ws"), Tokens.valid("alice"));
             TestConnection onStandalone = TestConnection.welcomed(standalone().uri(), Tokens.valid("bob"))) {
            ChatAcrossNodes.crossBothWays("lobby", onWar, "alice", onStandalone, "bob");
        }
    }
}
