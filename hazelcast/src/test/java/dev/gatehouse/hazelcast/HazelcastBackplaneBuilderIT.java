package dev.gatehouse.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.DistributedObject;
import dev.gatehouse.ConfigurationException;
import dev.gatehouse.hazelcast.internal.HazelcastSettings;
import dev.gatehouse.spi.Backplane;
import dev.gatehouse.spi.BackplaneProvider;
import dev.gatehouse.spi.HistoryStore;
import dev.gatehouse.testkit.cluster.ClusterNodes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Backplanes built with {@link HazelcastBackplane#builder()} on the members of a real two-member
 * cluster: the typed prefix names the grid's objects, a room's messages cross from one node to
 * the other, and an instance's source set in code besides an instance given to {@code build} is
 * refused naming its property.
 */
class HazelcastBackplaneBuilderIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void typedBackplanesOnTwoMembersUseTheTypedPrefixAndDeliverAcross() throws Exception {
        try (Members members = Members.start(2)) {
            Backplane x = typed().build(members.get(0), node("x"));
            Backplane y = typed().build(members.get(1), node("y"));
            List<String> received = new CopyOnWriteArrayList<>();
            try {
                x.start(recorder(new CopyOnWriteArrayList<>()));
                y.start(recorder(received));
                ClusterNodes.await("both connected", WAIT, () -> x.connected() && y.connected());
                y.subscribe("room:typed");
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (!received.contains("room:typed|hello")) {
                    assertTrue(System.nanoTime() < deadline, "nothing crossed from x to y: " + received);
                    x.publish("room:typed", "hello");
                    ClusterNodes.pause(20);
                }
                List<String> names = members.get(1).getDistributedObjects().stream().map(DistributedObject::getName)
                        .toList();
                assertTrue(names.contains("typed.all"), names.toString());
                assertTrue(names.stream().noneMatch(n -> n.startsWith("gatehouse.")), names.toString());
            } finally {
                x.close();
                y.close();
            }
            ConfigurationException both = assertThrows(ConfigurationException.class,
                    () -> typed().instance("payara").build(members.get(0), node("z")));
            assertEquals(HazelcastSettings.INSTANCE, both.property());
        }
    }

    private static HazelcastBackplane.Builder typed() {
        return HazelcastBackplane.builder().prefix("typed").topicShards(4).timeout(Duration.ofSeconds(5))
                .historyIdle(Duration.ofMinutes(5));
    }

    private static BackplaneProvider.Node node(String id) {
        return new BackplaneProvider.Node(id, Duration.ofSeconds(30));
    }

    private static Backplane.Receiver recorder(List<String> into) {
        return new Backplane.Receiver() {
            @Override
            public void receive(String topic, String message) {
                into.add(topic + "|" + message);
            }

            @Override
            public void receive(String topic, HistoryStore.Position position, String message) {
                into.add(topic + "|" + message);
            }
        };
    }
}
