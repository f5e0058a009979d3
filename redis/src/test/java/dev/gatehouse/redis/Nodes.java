package dev.gatehouse.redis;

import dev.gatehouse.testkit.TestServer;
import java.util.HashMap;
import java.util.Map;

/** The settings of a Gatehouse node on a Redis, for {@link dev.gatehouse.testkit.cluster.ClusterNodes#start}. */
final class Nodes {
    private Nodes() {
    }

    /** The settings of a node on this Redis. */
    static Map<String, String> settings(String redisUri, String nodeId) {
        Map<String, String> m = new HashMap<>();
        m.put("gatehouse.jwt.secret", TestServer.SECRET);
        m.put("gatehouse.cluster.secret", TestServer.CLUSTER_SECRET);
        m.put("gatehouse.cluster.redis.uri", redisUri);
        m.put("gatehouse.cluster.node-id", nodeId);
        m.put("gatehouse.cluster.node-ttl", "3s");
        m.put("gatehouse.presence.rooms", "chat:*");
        return m;
    }
}
