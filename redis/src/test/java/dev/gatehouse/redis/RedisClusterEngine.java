package dev.gatehouse.redis;

import dev.gatehouse.testkit.cluster.ClusterNodes;
import dev.gatehouse.testkit.cluster.Engine;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * A Redis Cluster of three shards as a backplane engine ({@link RedisClusterSet}). Stopping kills
 * every node; starting runs them again empty, each with its cluster configuration, and waits until
 * the cluster is ok.
 */
final class RedisClusterEngine implements Engine {
    private final RedisClusterSet cluster;

    private RedisClusterEngine(RedisClusterSet cluster) {
        this.cluster = cluster;
    }

    static RedisClusterEngine launch() {
        return new RedisClusterEngine(RedisClusterSet.start());
    }

    RedisClusterSet cluster() {
        return cluster;
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Map<String, String> nodeSettings(String nodeId) {
        return Map.of("gatehouse.cluster.redis.uri", cluster.uri());
    }

    @Override
    public boolean keepsPresence() {
        return true;
    }

    @Override
    public boolean keepsHistory() {
        return true;
    }

    @Override
    public void stop() {
        cluster.nodes().forEach(RedisServer::kill);
    }

    @Override
    public void start() throws IOException {
        for (RedisServer n : cluster.nodes()) {
            n.restart();
        }
        ClusterNodes.await("the cluster ok again", Duration.ofSeconds(30), cluster::ok);
    }

    @Override
    public void close() {
        cluster.close();
    }
}
