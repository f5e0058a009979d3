package dev.gatehouse.redis;

import dev.gatehouse.testkit.cluster.ClusterNodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Redis Cluster on local ports, created as production creates one: three primaries, each with a
 * replica, joined by {@code redis-cli --cluster create … --cluster-replicas 1 --cluster-yes}, with a
 * node timeout of 1 s (a primary that stops answering is replaced by its replica about two seconds
 * later). Every node is a real {@code redis-server}, destroyed by {@link #close()}.
 */
final class RedisClusterSet implements AutoCloseable {
    static final int NODE_TIMEOUT_MS = 1000;
    private final List<RedisServer> nodes = new ArrayList<>();

    private RedisClusterSet() {
    }

    /** Starts six nodes, creates the cluster and waits until every node reports it ok. */
    static RedisClusterSet start() {
        RedisClusterSet set = new RedisClusterSet();
        try {
            for (int i = 0; i < 6; i++) {
                int port = freePortWithBusPort();
                set.nodes.add(RedisServer.withArgs(port, null, List.of("--cluster-enabled", "yes",
                        "--cluster-config-file", RedisServer.freeFile("cluster-nodes-" + port + ".conf"),
                        "--cluster-node-timeout", Integer.toString(NODE_TIMEOUT_MS))));
            }
            List<String> cmd = new ArrayList<>(List.of(RedisServer.cli(),
                    "--cluster", "create"));
            set.nodes.forEach(n -> cmd.add("127.0.0.1:" + n.port()));
            cmd.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            Process create = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(create.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!create.waitFor(60, TimeUnit.SECONDS) || create.exitValue() != 0) {
                throw new AssertionError("redis-cli --cluster create failed: " + out);
            }
            ClusterNodes.await("every node sees the cluster ok", Duration.ofSeconds(30), set::ok);
            return set;
        } catch (IOException e) {
            set.close();
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            set.close();
            throw new AssertionError(e);
        } catch (RuntimeException | Error e) {
            set.close();
            throw e;
        }
    }

    /** A free port whose cluster bus port (+10000) is free too. */
    private static int freePortWithBusPort() {
        for (int i = 0; i < 100; i++) {
            int port = RedisServer.freePort();
            if (port + 10000 <= 65535 && RedisServer.isFree(port + 10000)) {
                return port;
            }
        }
        throw new AssertionError("no free port pair for a cluster node");
    }

    /** The six nodes. */
    List<RedisServer> nodes() {
        return List.copyOf(nodes);
    }

    /** Whether every node runs and sees the cluster ok. */
    boolean ok() {
        return nodes.stream().allMatch(n -> n.isRunning() && n.command("CLUSTER", "INFO").contains("cluster_state:ok"));
    }

    /** Waits until every replica of a running primary is in sync with it. */
    void awaitReplicasInSync(Duration max) {
        ClusterNodes.await("the replicas in sync", max, () -> nodes.stream().filter(RedisServer::isRunning)
                .map(n -> n.command("INFO", "replication")).filter(i -> i.contains("role:slave"))
                .allMatch(i -> i.contains("master_link_status:up")));
    }

    /** {@code redis-cluster://127.0.0.1:<p1>,…} with the three first nodes as seeds. */
    String uri() {
        return "redis-cluster://" + nodes.subList(0, 3).stream().map(n -> "127.0.0.1:" + n.port())
                .collect(Collectors.joining(","));
    }

    /** The primary that holds a key's (or a shard channel's) slot now, or null while none does. */
    RedisServer primaryOf(String key) {
        RedisServer any = nodes.stream().filter(RedisServer::isRunning).findFirst().orElseThrow();
        int slot = Integer.parseInt(any.command("CLUSTER", "KEYSLOT", key).trim().substring(1));
        for (String line : nodes(any)) {
            String[] f = line.split(" ");
            if (!f[2].contains("master") || f[2].contains("fail")) {
                continue;
            }
            for (int i = 8; i < f.length; i++) {
                String[] range = f[i].split("-");
                int from = Integer.parseInt(range[0]);
                int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                if (slot >= from && slot <= to) {
                    int port = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1, f[1].indexOf('@')));
                    return nodes.stream().filter(n -> n.port() == port).findFirst().orElseThrow();
                }
            }
        }
        return null;
    }

    private static List<String> nodes(RedisServer any) {
        String reply = any.command("CLUSTER", "NODES");
        String body = reply.substring(reply.indexOf("\r\n") + 2);
        return body.lines().filter(l -> l.contains("@")).toList();
    }

    /** Waits until the cluster is ok again with a primary other than {@code old} for {@code key}. */
    Duration awaitFailoverFrom(RedisServer old, String key, Duration max) {
        return ClusterNodes.await("a replica replaces " + old.port(), max, () -> {
            RedisServer now = primaryOf(key);
            return now != null && now != old && now.command("CLUSTER", "INFO").contains("cluster_state:ok");
        });
    }

    /** Subscribers of a shard channel on one node. */
    static int shardSubscribers(RedisServer node, String channel) {
        if (node == null) {
            return 0;
        }
        String[] lines = node.command("PUBSUB", "SHARDNUMSUB", channel).split("\r\n");
        return Integer.parseInt(lines[lines.length - 1].substring(1));
    }

    @Override
    public void close() {
        nodes.forEach(RedisServer::close);
    }
}
