package dev.gatehouse.redis;

import dev.gatehouse.testkit.cluster.ClusterNodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Redis Sentinel set on local ports, as production runs it in small: a primary, its replica, and
 * three sentinels (quorum 2) that fail over 1 s after the primary stops answering. The data nodes
 * and the sentinels may each require a password of their own. Every process is a real
 * {@code redis-server} ({@code --sentinel} for the sentinels), destroyed by {@link #close()}.
 */
public final class SentinelSet implements AutoCloseable {
    public static final String MASTER = "gatehouse-test";
    /** The sentinels' ACL user for Gatehouse nodes (with the sentinels' password). */
    public static final String NODE_USER = "gatehouse-node";
    /** Its commands: the connection's, the master's address, and the failover announcements. */
    static final String NODE_RULES = "+hello +auth +client|setname +ping +sentinel|get-master-addr-by-name +subscribe &+switch-master";

    private final List<RedisServer> data = new ArrayList<>();
    private final List<RedisServer> sentinels = new ArrayList<>();

    private SentinelSet() {
    }

    /**
     * Starts the set and waits until every sentinel knows the replica and the other sentinels.
     *
     * @param dataPassword the data nodes' password ({@code requirepass}, and the replica's
     *     {@code masterauth}), or null
     * @param sentinelPassword the sentinels' own password, or null
     */
    public static SentinelSet start(String dataPassword, String sentinelPassword) {
        SentinelSet set = new SentinelSet();
        try {
            List<String> auth = dataPassword == null ? List.of() : List.of("--masterauth", dataPassword);
            RedisServer primary = RedisServer.withArgs(RedisServer.freePort(), dataPassword, auth);
            set.data.add(primary);
            List<String> replicaArgs = new ArrayList<>(auth);
            replicaArgs.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(primary.port())));
            set.data.add(RedisServer.withArgs(RedisServer.freePort(), dataPassword, replicaArgs));
            String config = "sentinel monitor " + MASTER + " 127.0.0.1 " + primary.port() + " 2\n"
                    + "sentinel down-after-milliseconds " + MASTER + " 1000\n"
                    + "sentinel failover-timeout " + MASTER + " 5000\n"
                    + (dataPassword == null ? "" : "sentinel auth-pass " + MASTER + " " + dataPassword + "\n")
                    + (sentinelPassword == null ? "" : "requirepass " + sentinelPassword + "\n"
                            + "sentinel sentinel-pass " + sentinelPassword + "\n"
                            // What a Gatehouse node needs of a sentinel (README): the master's address.
                            + "user " + NODE_USER + " on >" + sentinelPassword + " nocommands " + NODE_RULES + "\n");
            for (int i = 0; i < 3; i++) {
                set.sentinels.add(RedisServer.sentinel(RedisServer.freePort(), sentinelPassword, config));
            }
            ClusterNodes.await("the sentinels know the replica and each other", Duration.ofSeconds(30), () -> set.sentinels
                    .stream().allMatch(s -> s.command("SENTINEL", "MASTER", MASTER).contains("num-other-sentinels\r\n$1\r\n2\r\n")
                            && s.command("SENTINEL", "MASTER", MASTER).contains("num-slaves\r\n$1\r\n1\r\n")));
            ClusterNodes.await("the replica in sync", Duration.ofSeconds(30), () -> set.data.get(1)
                    .command("INFO", "replication").contains("master_link_status:up"));
            return set;
        } catch (RuntimeException | Error e) {
            set.close();
            throw e;
        }
    }

    /** {@code redis-sentinel://127.0.0.1:<s1>,…#gatehouse-test}, without credentials. */
    public String uri() {
        return "redis-sentinel://" + sentinels.stream().map(s -> "127.0.0.1:" + s.port())
                .collect(Collectors.joining(",")) + "#" + MASTER;
    }

    /** The data node the sentinels name as master now. */
    public RedisServer master() {
        String reply = sentinels.get(0).command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER);
        String[] lines = reply.split("\r\n");
        int port = Integer.parseInt(lines[lines.length - 1]);
        return data.stream().filter(d -> d.port() == port).findFirst()
                .orElseThrow(() -> new AssertionError("the sentinels name an unknown master: " + reply));
    }

    /** The first sentinel. */
    public RedisServer sentinel() {
        return sentinels.get(0);
    }

    /** Every sentinel, the first first. */
    public List<RedisServer> sentinels() {
        return List.copyOf(sentinels);
    }

    /** Waits until the data node that is not master replicates from the master, and the sentinels know it. */
    public void awaitReplicaInSync(Duration max) {
        ClusterNodes.await("a replica in sync again", max, () -> {
            RedisServer master = master();
            return data.stream().filter(d -> d != master).anyMatch(d -> d.command("INFO", "replication")
                    .contains("master_link_status:up")) && sentinels.stream().allMatch(s -> s.command("SENTINEL",
                    "MASTER", MASTER).contains("num-slaves\r\n$1\r\n1\r\n"));
        });
    }

    /** The data nodes: the first started as primary, the second as its replica. */
    List<RedisServer> dataNodes() {
        return List.copyOf(data);
    }

    /**
     * Waits until the sentinels name another master than {@code old} and that server says it is
     * master.
     *
     * @return how long it took
     */
    public Duration awaitFailoverFrom(RedisServer old, Duration max) {
        return ClusterNodes.await("the sentinels fail over from " + old.port(), max, () -> {
            RedisServer now = master();
            return now != old && now.command("ROLE").startsWith("*3\r\n$6\r\nmaster\r\n");
        });
    }

    @Override
    public void close() {
        sentinels.forEach(RedisServer::close);
        data.forEach(RedisServer::close);
    }
}
