package dev.gatehouse.hazelcast;

import static dev.gatehouse.testkit.cluster.ClusterNodes.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.hazelcast.internal.HazelcastSettings;
import dev.gatehouse.testkit.cluster.ClusterNodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code instance=member} and {@code instance=client} from a Hazelcast configuration file, XML or
 * YAML ({@code gatehouse.cluster.hazelcast.config}): the node starts its own member or client of a
 * running one-member cluster, and shuts it down when it stops.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstanceFromFileIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private Members members;
    @TempDir
    Path dir;

    @BeforeAll
    void startCluster() {
        members = Members.start(1);
    }

    @AfterAll
    void stopCluster() {
        members.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"client.xml", "client.yaml", "member.xml", "member.yaml"})
    void aNodeStartsItsOwnInstanceFromAConfigurationFileAndShutsItDownWhenItStops(String file) throws IOException {
        boolean client = file.startsWith("client");
        Path config = file.endsWith(".xml") ? (client ? members.clientConfig(dir) : members.memberConfig(dir))
                : Files.writeString(dir.resolve(file), client ? clientYaml() : memberYaml());
        HazelcastInstance first = members.get(0);
        IntSupplier others = client ? () -> first.getClientService().getConnectedClients().size()
                : () -> first.getCluster().getMembers().size() - 1;

        Map<String, String> settings = Nodes.settings("node-file");
        settings.put(HazelcastSettings.INSTANCE, client ? "client" : "member");
        settings.put(HazelcastSettings.CONFIG, config.toString());
        GatehouseServer node = ClusterNodes.start(settings);
        try {
            await("the node connected", WAIT, () -> node.gatehouse().clusterStatus().connected());
            String topology = node.gatehouse().clusterStatus().topology();
            assertTrue(topology.startsWith((client ? "client" : "member") + " of cluster \"" + members.clusterName() + "\""),
                    topology);
            assertEquals(1, others.getAsInt(), "the cluster has the node's " + (client ? "client" : "member"));
        } finally {
            node.stop();
        }
        await("the node's " + (client ? "client" : "member") + " shut down", WAIT, () -> others.getAsInt() == 0);
    }

    private String clientYaml() {
        return """
                hazelcast-client:
                  cluster-name: %s
                  properties:
                    hazelcast.logging.type: jdk
                    hazelcast.phone.home.enabled: false
                  network:
                    cluster-members:
                      - %s
                """.formatted(members.clusterName(), members.addresses().get(0));
    }

    private String memberYaml() {
        return """
                hazelcast:
                  cluster-name: %s
                  properties:
                    hazelcast.logging.type: jdk
                    hazelcast.phone.home.enabled: false
                    hazelcast.wait.seconds.before.join: 0
                    hazelcast.partition.count: 31
                  network:
                    port:
                      auto-increment: false
                      port: %d
                    interfaces:
                      enabled: true
                      interfaces:
                        - 127.0.0.1
                    join:
                      auto-detection:
                        enabled: false
                      multicast:
                        enabled: false
                      tcp-ip:
                        enabled: true
                        member-list:
                          - %s
                  jet:
                    enabled: false
                """.formatted(members.clusterName(), Members.freePort(), members.addresses().get(0));
    }
}
