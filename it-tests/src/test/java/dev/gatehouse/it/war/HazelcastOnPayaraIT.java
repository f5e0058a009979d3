package dev.gatehouse.it.war;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.gatehouse.ConfigSource;
import dev.gatehouse.Gatehouse;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.hazelcast.HazelcastBackplane;
import dev.gatehouse.spi.BackplaneProvider;
import dev.gatehouse.test.TestConnection;
import java.io.File;
import java.net.URL;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Payara Micro only. The {@code examples/war} chat WAR with {@code gatehouse-hazelcast} (and no
 * Hazelcast jar) in WEB-INF/lib and {@code gatehouse.cluster.hazelcast.instance=payara}: it uses
 * Payara's own Hazelcast member. A standalone Gatehouse node in this JVM joins the same Hazelcast
 * cluster as a client (Payara Micro's default cluster name, ports 6900 and up on loopback). A client on each joins one room; messages and presence cross both ways.
 */
@Tag("payara-micro")
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HazelcastOnPayaraIT {
    /**
     * Payara Micro's default data grid name. Its Arquillian adapter starts it with {@code --nocluster}
     * (Payara's {@code domain} discovery, which on Payara Micro looks for no other instance), and its
     * member still runs, on port 6900 or the next free one. Two clustered Payara Micros:
     * {@link ChatAcrossTwoPayaraMicrosIT}.
     */
    private static final String CLUSTER = "development";
    private static HazelcastInstance hazelcastClient;
    private static GatehouseServer standalone;

    @Deployment(testable = false)
    static WebArchive chatOnPayarasHazelcast() {
        File[] libraries = Wars.backplaneLibraries("hazelcast");
        if (libraries.length != 1) {
            throw new IllegalStateException("Expected gatehouse-hazelcast alone, found " + Arrays.toString(libraries));
        }
        return Wars.exampleChat("hzchat", Map.of("gatehouse.cluster.node-id", "payara-node",
                "gatehouse.cluster.hazelcast.instance", "payara", "gatehouse.cluster.secret", Wars.CLUSTER_SECRET),
                libraries);
    }

    private static synchronized GatehouseServer standalone() {
        if (standalone == null) {
            ClientConfig client = new ClientConfig().setClusterName(CLUSTER);
            client.setProperty("hazelcast.logging.type", "jdk");
            client.setProperty("hazelcast.phone.home.enabled", "false");
            for (int port = 6900; port < 6906; port++) {
                client.getNetworkConfig().addAddress("127.0.0.1:" + port);
            }
            client.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(30_000);
            hazelcastClient = HazelcastClient.newHazelcastClient(client);
            ConfigSource config = ConfigSource.of(Map.of("gatehouse.jwt.secret", Wars.SECRET,
                    "gatehouse.cluster.node-id", "standalone-node", "gatehouse.presence.rooms", "chat:*",
                    "gatehouse.cluster.secret", Wars.CLUSTER_SECRET));
            standalone = ChatAcrossNodes.standaloneNode(config, HazelcastBackplane.create(hazelcastClient, config,
                    new BackplaneProvider.Node("standalone-node", Duration.ofSeconds(10))));
        }
        return standalone;
    }

    @AfterAll
    static void stop() {
        if (standalone != null) {
            standalone.stop();
        }
        if (hazelcastClient != null) {
            hazelcastClient.shutdown();
        }
    }

    @ArquillianResource
    URL base;

    @Test
    void aRoomMessageCrossesBetweenTheWarOnPayarasHazelcastAndAStandaloneNodeBothWays() {
        GatehouseServer node = standalone();
        assertTrue(node.gatehouse().clusterStatus().topology().startsWith("client of cluster \"" + CLUSTER + "\""),
                node.gatehouse().clusterStatus().topology());
        try (TestConnection onWar = TestConnection.welcomed(Endpoints.ws(base, "ws"), Tokens.valid("alice"));
             TestConnection onStandalone = TestConnection.welcomed(node.uri(), Tokens.valid("bob"))) {
            ChatAcrossNodes.crossBothWays("hz-lobby", onWar, "alice", onStandalone, "bob");
        }
    }
}
