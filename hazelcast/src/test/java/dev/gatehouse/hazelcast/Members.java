package dev.gatehouse.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A Hazelcast cluster of embedded members for the tests: TCP-IP join on 127.0.0.1 with explicit
 * ports, multicast off, a cluster name of its own, and short heartbeat and failure timeouts, so a
 * member killed with {@code terminate()} (no goodbye, as a crash) is noticed within seconds.
 */
public final class Members implements AutoCloseable {
    private final String cluster = "gatehouse-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final int[] ports;
    private final List<HazelcastInstance> members = new ArrayList<>();

    private Members(int count) {
        ports = new int[count];
        for (int i = 0; i < count; i++) {
            ports[i] = freePort();
        }
    }

    /**
     * Starts {@code count} members joined into one cluster.
     *
     * @param count how many
     * @return the cluster
     */
    public static Members start(int count) {
        Members m = new Members(count);
        for (int i = 0; i < count; i++) {
            m.members.add(Hazelcast.newHazelcastInstance(m.config(i)));
        }
        return m;
    }

    /**
     * The configuration of member {@code i} (also for a member that starts again after a kill).
     *
     * @param i which member
     * @return its configuration
     */
    public Config config(int i) {
        Config c = new Config().setClusterName(cluster).setInstanceName(cluster + "-" + i);
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        c.setProperty("hazelcast.max.no.heartbeat.seconds", "4");
        c.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        c.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        c.setProperty("hazelcast.wait.seconds.before.join", "0");
        c.setProperty("hazelcast.graceful.shutdown.max.wait", "10");
        c.setProperty("hazelcast.partition.count", "31");
        c.setProperty("hazelcast.logging.type", "jdk");
        c.getNetworkConfig().setPort(ports[i]).setPortAutoIncrement(false).getInterfaces().setEnabled(true)
                .addInterface("127.0.0.1");
        JoinConfig join = c.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true);
        for (int port : ports) {
            join.getTcpIpConfig().addMember("127.0.0.1:" + port);
        }
        c.getJetConfig().setEnabled(false);
        return c;
    }

    /** {@return the cluster's name} */
    public String clusterName() {
        return cluster;
    }

    /** {@return the members' addresses, {@code 127.0.0.1:port}} */
    public List<String> addresses() {
        List<String> out = new ArrayList<>();
        for (int p : ports) {
            out.add("127.0.0.1:" + p);
        }
        return out;
    }

    /**
     * Member {@code i}.
     *
     * @param i which
     * @return it
     */
    public HazelcastInstance get(int i) {
        return members.get(i);
    }

    /** Kills every member, as a crash would. */
    public void killAll() {
        for (int i = 0; i < members.size(); i++) {
            kill(i);
        }
    }

    /** Starts every member again on its port, empty (after {@link #killAll}). */
    public void restart() {
        for (int i = 0; i < ports.length; i++) {
            members.set(i, Hazelcast.newHazelcastInstance(config(i)));
        }
    }

    /**
     * Kills these members at the same moment, as a crash of their machines would: none of them
     * has the time to hand its partitions' data to another.
     *
     * @param which the members
     * @throws InterruptedException when interrupted meanwhile
     */
    public void killAtOnce(int... which) throws InterruptedException {
        List<Thread> killers = new ArrayList<>();
        for (int i : which) {
            killers.add(new Thread(() -> kill(i), "kill-member-" + i));
        }
        killers.forEach(Thread::start);
        for (Thread t : killers) {
            t.join();
        }
    }

    /**
     * Whether member {@code i} holds the data of a key's partition, as its owner or its one backup
     * (the partition table names more replicas, which data with one backup does not use): a key
     * whose partition member {@code i} does not hold is lost when the two other members of three
     * die together.
     *
     * @param i which member
     * @param key the key (a map key, or the part after {@code @} of a ring buffer's name)
     * @return whether its partition's data is on member {@code i}
     */
    public boolean holdsReplica(int i, String key) {
        HazelcastInstance m = members.get(i);
        int id = m.getPartitionService().getPartition(key).getPartitionId();
        com.hazelcast.instance.impl.Node node = ((com.hazelcast.instance.impl.HazelcastInstanceProxy) m).getOriginal().node;
        var partition = node.getPartitionService().getPartition(id);
        return node.getThisAddress().equals(partition.getReplicaAddress(0))
                || node.getThisAddress().equals(partition.getReplicaAddress(1));
    }

    /**
     * A client configuration file for this cluster: reconnects for ever (backoff 100–500 ms),
     * invocations time out after 5 s, heartbeats every second.
     *
     * @param dir where to write it
     * @return the file
     * @throws IOException when it cannot be written
     */
    public java.nio.file.Path clientConfig(java.nio.file.Path dir) throws IOException {
        StringBuilder addresses = new StringBuilder();
        for (String a : addresses()) {
            addresses.append("      <address>").append(a).append("</address>\n");
        }
        String xml = """
                <hazelcast-client xmlns="http://www.hazelcast.com/schema/client-config">
                  <cluster-name>%s</cluster-name>
                  <properties>
                    <property name="hazelcast.logging.type">jdk</property>
                    <property name="hazelcast.phone.home.enabled">false</property>
                    <property name="hazelcast.client.invocation.timeout.seconds">5</property>
                    <property name="hazelcast.client.heartbeat.interval">1000</property>
                    <property name="hazelcast.client.heartbeat.timeout">4000</property>
                  </properties>
                  <network>
                    <cluster-members>
                %s    </cluster-members>
                  </network>
                  <connection-strategy reconnect-mode="ON">
                    <connection-retry>
                      <initial-backoff-millis>100</initial-backoff-millis>
                      <max-backoff-millis>500</max-backoff-millis>
                      <cluster-connect-timeout-millis>-1</cluster-connect-timeout-millis>
                    </connection-retry>
                  </connection-strategy>
                </hazelcast-client>
                """.formatted(cluster, addresses);
        java.nio.file.Files.createDirectories(dir);
        java.nio.file.Path file = dir.resolve(cluster + "-client.xml");
        java.nio.file.Files.writeString(file, xml);
        return file;
    }

    /**
     * A member configuration file (Hazelcast's XML) for one more member of this cluster, on a free
     * port of its own, with the same properties as the test's members.
     *
     * @param dir where to write it
     * @return the file
     * @throws IOException when it cannot be written
     */
    public java.nio.file.Path memberConfig(java.nio.file.Path dir) throws IOException {
        StringBuilder addresses = new StringBuilder();
        for (String a : addresses()) {
            addresses.append("          <member>").append(a).append("</member>\n");
        }
        String xml = """
                <hazelcast xmlns="http://www.hazelcast.com/schema/config">
                  <cluster-name>%s</cluster-name>
                  <properties>
                    <property name="hazelcast.logging.type">jdk</property>
                    <property name="hazelcast.phone.home.enabled">false</property>
                    <property name="hazelcast.heartbeat.interval.seconds">1</property>
                    <property name="hazelcast.max.no.heartbeat.seconds">4</property>
                    <property name="hazelcast.wait.seconds.before.join">0</property>
                    <property name="hazelcast.partition.count">31</property>
                  </properties>
                  <network>
                    <port auto-increment="false">%d</port>
                    <interfaces enabled="true"><interface>127.0.0.1</interface></interfaces>
                    <join>
                      <auto-detection enabled="false"/>
                      <multicast enabled="false"/>
                      <tcp-ip enabled="true">
                %s      </tcp-ip>
                    </join>
                  </network>
                  <jet enabled="false"/>
                </hazelcast>
                """.formatted(cluster, freePort(), addresses);
        java.nio.file.Files.createDirectories(dir);
        java.nio.file.Path file = dir.resolve(cluster + "-member.xml");
        java.nio.file.Files.writeString(file, xml);
        return file;
    }

    /**
     * Kills member {@code i} as a crash would: no goodbye, its data gone.
     *
     * @param i which
     */
    public void kill(int i) {
        members.get(i).getLifecycleService().terminate();
    }

    @Override
    public void close() {
        for (HazelcastInstance m : members) {
            try {
                m.getLifecycleService().terminate();
            } catch (RuntimeException e) {
                // already gone
            }
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
