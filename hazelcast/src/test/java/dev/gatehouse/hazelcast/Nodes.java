package dev.gatehouse.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import dev.gatehouse.BackplaneProvider;
import dev.gatehouse.ConfigSource;
import dev.gatehouse.Gatehouse;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.testkit.TestServer;
import dev.gatehouse.testkit.cluster.ClusterNodes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What the kit's {@link ClusterNodes} does not: a node on a Hazelcast instance the test gives in
 * code ({@link HazelcastBackplane#create}), and the settings the Hazelcast tests share.
 */
final class Nodes {
    static final Duration TTL = Duration.ofSeconds(3);

    private Nodes() {
    }

    /** The settings of a node: presence in chat:*, history in news:* and log:*. */
    static Map<String, String> settings(String nodeId) {
        Map<String, String> m = new HashMap<>();
        m.put("gatehouse.jwt.secret", TestServer.SECRET);
        m.put("gatehouse.cluster.node-id", nodeId);
        m.put("gatehouse.cluster.node-ttl", TTL.toSeconds() + "s");
        m.put("gatehouse.presence.rooms", "chat:*");
        m.put("gatehouse.history.rooms", "news:*,log:*");
        m.put("gatehouse.history.timeout", "5s"); // a busy machine: no "unavailable" from a slow read
        return m;
    }

    /** Starts a node in this JVM on this instance (the backplane given in code), with the kit's handlers. */
    static GatehouseServer onInstance(HazelcastInstance instance, String nodeId) {
        ConfigSource source = ConfigSource.of(settings(nodeId));
        Gatehouse.Builder g = Gatehouse.builder().config(GatehouseConfig.from(source).build())
                .backplane(HazelcastBackplane.create(instance, source, new BackplaneProvider.Node(nodeId, TTL)));
        ClusterNodes.handlers(g);
        return GatehouseServer.builder(g.build()).port(0).build().start();
    }
}
