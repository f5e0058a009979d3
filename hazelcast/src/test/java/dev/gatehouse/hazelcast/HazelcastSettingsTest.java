package dev.gatehouse.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import dev.gatehouse.hazelcast.internal.HazelcastSettings;
import dev.gatehouse.testkit.cluster.ClusterNodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code gatehouse.cluster.hazelcast.*} settings: off without {@code instance}, the defaults,
 * and each mistake refused when the node starts, naming its property, before any Hazelcast instance
 * is started or looked up for good.
 */
class HazelcastSettingsTest {
    private static final String INSTANCE = HazelcastSettings.INSTANCE;
    private static final String CONFIG = HazelcastSettings.CONFIG;
    private static final String JNDI = HazelcastSettings.JNDI;

    @TempDir
    Path dir;

    private static HazelcastSettings settings(String... keysAndValues) {
        return HazelcastSettings.from(ConfigSource.of(map(keysAndValues))).orElseThrow();
    }

    private static Map<String, String> map(String... keysAndValues) {
        Map<String, String> m = new java.util.HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** Starts a node with these settings (and a token secret, a node id): it must refuse to start. */
    private static String refusedAtStartup(String... keysAndValues) {
        Map<String, String> s = Nodes.settings("node-x");
        s.putAll(map(keysAndValues));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> ClusterNodes.start(s).stop());
        assertTrue(e.getMessage().startsWith(e.property() + ": "), e.getMessage());
        return e.property();
    }

    @Test
    void withoutAnInstanceTheBackplaneIsOff() {
        assertTrue(HazelcastSettings.from(ConfigSource.of(Map.of(HazelcastSettings.PREFIX, "x"))).isEmpty());
        assertTrue(HazelcastSettings.from(ConfigSource.of(Map.of(INSTANCE, " "))).isEmpty());
    }

    @Test
    void theDefaultsArePayarasInstancePrefixGatehouse32ShardsA2sTimeoutAndADayOfIdleHistory() {
        HazelcastSettings s = settings(INSTANCE, "payara");
        assertEquals(HazelcastSettings.Source.JNDI, s.source());
        assertEquals("payara/Hazelcast", s.where());
        assertEquals("gatehouse", s.prefix());
        assertEquals(32, s.shards());
        assertEquals(Duration.ofSeconds(2), s.timeout());
        assertEquals(Duration.ofDays(1), s.historyIdle());
    }

    @Test
    void eachSettingIsReadInTheSpellingsOfTheCoresDurations() {
        HazelcastSettings s = settings(INSTANCE, "Client", CONFIG, " /etc/hz-client.yaml ",
                HazelcastSettings.PREFIX, "chat.prod", HazelcastSettings.TOPIC_SHARDS, "1024",
                HazelcastSettings.TIMEOUT, "500ms", HazelcastSettings.HISTORY_IDLE, "2h");
        assertEquals(HazelcastSettings.Source.CLIENT, s.source());
        assertEquals("/etc/hz-client.yaml", s.where());
        assertEquals("chat.prod", s.prefix());
        assertEquals(1024, s.shards());
        assertEquals(Duration.ofMillis(500), s.timeout());
        assertEquals(Duration.ofHours(2), s.historyIdle());
        assertEquals(Duration.ofSeconds(1), settings(INSTANCE, "cdi", HazelcastSettings.HISTORY_IDLE, "1").historyIdle());
        assertEquals(Duration.ofMinutes(10), settings(INSTANCE, "cdi", HazelcastSettings.TIMEOUT, "PT10M").timeout());
        assertEquals("java:global/hz", settings(INSTANCE, "jndi", JNDI, "java:global/hz").where());
    }

    @Test
    void eachWrongSettingIsRefusedAtStartupNamingItsProperty() {
        assertEquals(INSTANCE, refusedAtStartup(INSTANCE, "hazelcast"));
        assertEquals(CONFIG, refusedAtStartup(INSTANCE, "member"));
        assertEquals(CONFIG, refusedAtStartup(INSTANCE, "client", CONFIG, " "));
        assertEquals(CONFIG, refusedAtStartup(INSTANCE, "payara", CONFIG, "hazelcast.xml"));
        assertEquals(JNDI, refusedAtStartup(INSTANCE, "cdi", JNDI, "java:global/hz"));
        String prefix = HazelcastSettings.PREFIX;
        assertEquals(prefix, refusedAtStartup(INSTANCE, "cdi", prefix, "chat prod"));
        assertEquals(prefix, refusedAtStartup(INSTANCE, "cdi", prefix, "p".repeat(65)));
        String shards = HazelcastSettings.TOPIC_SHARDS;
        assertEquals(shards, refusedAtStartup(INSTANCE, "cdi", shards, "0"));
        assertEquals(shards, refusedAtStartup(INSTANCE, "cdi", shards, "1025"));
        assertEquals(shards, refusedAtStartup(INSTANCE, "cdi", shards, "many"));
        String timeout = HazelcastSettings.TIMEOUT;
        assertEquals(timeout, refusedAtStartup(INSTANCE, "cdi", timeout, "0"));
        assertEquals(timeout, refusedAtStartup(INSTANCE, "cdi", timeout, "11m"));
        assertEquals(timeout, refusedAtStartup(INSTANCE, "cdi", timeout, "soon"));
        assertEquals(timeout, refusedAtStartup(INSTANCE, "cdi", timeout, "99999999999999999999h"));
        String idle = HazelcastSettings.HISTORY_IDLE;
        assertEquals(idle, refusedAtStartup(INSTANCE, "cdi", idle, "999ms"));
        assertEquals(idle, refusedAtStartup(INSTANCE, "cdi", idle, "P366D"));
        assertEquals(idle, refusedAtStartup(INSTANCE, "cdi", idle, "later"));
    }

    @Test
    void anInstanceThatIsNotWhereTheSettingsSayIsRefusedAtStartupNamingTheSetting() throws IOException {
        assertEquals(CONFIG, refusedAtStartup(INSTANCE, "member", CONFIG, dir.resolve("missing.xml").toString()));
        Path broken = Files.writeString(dir.resolve("broken.xml"), "<hazelcast><network>");
        assertEquals(CONFIG, refusedAtStartup(INSTANCE, "member", CONFIG, broken.toString()));
        Path brokenYaml = Files.writeString(dir.resolve("broken.yaml"), "hazelcast-client:\n  network: [");
        assertEquals(CONFIG, refusedAtStartup(INSTANCE, "client", CONFIG, brokenYaml.toString()));
        assertEquals(JNDI, refusedAtStartup(INSTANCE, "payara"));
        assertEquals(JNDI, refusedAtStartup(INSTANCE, "jndi", JNDI, "java:global/hz"));
        assertEquals(INSTANCE, refusedAtStartup(INSTANCE, "cdi"));
    }
}
