package dev.gatehouse.jms.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code gatehouse.cluster.jms.*} settings: defaults, each mistake named, the password never shown. */
class JmsSettingsTest {
    private static final String CF = "gatehouse.cluster.jms.connection-factory";

    private static JmsSettings settings(String... keysAndValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return JmsSettings.from(ConfigSource.of(m)).orElseThrow();
    }

    private static ConfigurationException refused(String... keysAndValues) {
        return assertThrows(ConfigurationException.class, () -> settings(keysAndValues));
    }

    @Test
    void withoutAConnectionFactoryTheBackplaneIsOff() {
        assertTrue(JmsSettings.from(ConfigSource.of(Map.of("gatehouse.cluster.jms.topic-name", "x"))).isEmpty());
        assertTrue(JmsSettings.from(ConfigSource.of(Map.of(CF, "  "))).isEmpty());
    }

    @Test
    void theDefaultsAreANonDurableNonPersistentTopicNamedGatehouseInTheContainersJndi() {
        JmsSettings s = settings(CF, "java:/ConnectionFactory");
        assertEquals("gatehouse", s.topicName());
        assertNull(s.topic());
        assertNull(s.initialContextFactory());
        assertFalse(s.durable());
        assertFalse(s.persistent());
        assertEquals(10_000, s.publishQueue());
        assertEquals(Duration.ofSeconds(2), s.timeout());
        assertEquals("java:/ConnectionFactory", s.where());
    }

    @Test
    void aTopicByJndiNameLeavesNoNameAndBothAreRefused() {
        assertNull(settings(CF, "cf", "gatehouse.cluster.jms.topic", "java:app/jms/t").topicName());
        assertEquals("gatehouse.cluster.jms.topic-name",
                refused(CF, "cf", "gatehouse.cluster.jms.topic", "java:app/jms/t", "gatehouse.cluster.jms.topic-name", "t").property());
    }

    @Test
    void eachWrongValueIsRefusedNamingItsProperty() {
        assertEquals("gatehouse.cluster.jms.durable", refused(CF, "cf", "gatehouse.cluster.jms.durable", "yes").property());
        assertEquals("gatehouse.cluster.jms.persistent", refused(CF, "cf", "gatehouse.cluster.jms.persistent", "1").property());
        assertEquals("gatehouse.cluster.jms.publish-queue", refused(CF, "cf", "gatehouse.cluster.jms.publish-queue", "0").property());
        assertEquals("gatehouse.cluster.jms.publish-queue",
                refused(CF, "cf", "gatehouse.cluster.jms.publish-queue", "1000001").property());
        assertEquals("gatehouse.cluster.jms.timeout", refused(CF, "cf", "gatehouse.cluster.jms.timeout", "0s").property());
        assertEquals("gatehouse.cluster.jms.timeout", refused(CF, "cf", "gatehouse.cluster.jms.timeout", "soon").property());
        assertEquals("gatehouse.cluster.jms.initial-context-factory",
                refused(CF, "cf", "gatehouse.cluster.jms.provider-url", "tcp://broker:61616").property());
        assertEquals("gatehouse.cluster.jms.username", refused(CF, "cf", "gatehouse.cluster.jms.password", "pw").property());
        assertEquals(Duration.ofMillis(500), settings(CF, "cf", "gatehouse.cluster.jms.timeout", "500ms").timeout());
        assertEquals(Duration.ofSeconds(3), settings(CF, "cf", "gatehouse.cluster.jms.timeout", "PT3S").timeout());
    }

    @Test
    void aDurableSubscriptionNeedsANodeIdThatStaysTheSame() {
        ConfigurationException e = refused(CF, "cf", "gatehouse.cluster.jms.durable", "true");
        assertEquals("gatehouse.cluster.jms.durable", e.property());
        assertTrue(e.getMessage().contains("gatehouse.cluster.node-id"), e.getMessage());
        assertTrue(settings(CF, "cf", "gatehouse.cluster.jms.durable", "true", "gatehouse.cluster.node-id", "ws-1").durable());
    }

    @Test
    void thePasswordComesFromTheSettingOrAFileAndIsNeverShown(@TempDir Path dir) throws IOException {
        JmsSettings inline = settings(CF, "cf", "gatehouse.cluster.jms.username", "u", "gatehouse.cluster.jms.password", "pw-inline",
                "gatehouse.cluster.jms.initial-context-factory", "x.Factory",
                "gatehouse.cluster.jms.provider-url", "tcp://u:pw-in-url@broker:61616?password=pw-in-query");
        assertEquals("pw-inline", new String(inline.password()));
        assertFalse(inline.toString().contains("pw"), inline.toString());
        assertEquals("cf at tcp://broker:61616", inline.where());

        Path file = dir.resolve("password");
        Files.writeString(file, "pw-from-file\n");
        JmsSettings fromFile = settings(CF, "cf", "gatehouse.cluster.jms.username", "u",
                "gatehouse.cluster.jms.password-file", file.toString());
        assertEquals("pw-from-file", new String(fromFile.password()));

        assertEquals("gatehouse.cluster.jms.password-file", refused(CF, "cf", "gatehouse.cluster.jms.username", "u",
                "gatehouse.cluster.jms.password", "pw", "gatehouse.cluster.jms.password-file", file.toString()).property());
        ConfigurationException missing = refused(CF, "cf", "gatehouse.cluster.jms.username", "u",
                "gatehouse.cluster.jms.password-file", dir.resolve("absent").toString());
        assertEquals("gatehouse.cluster.jms.password-file", missing.property());
    }

    @Test
    void environmentVariablesAreFoundByTheMicroProfileMapping() {
        JmsSettings s = JmsSettings.from(ConfigSource.of(Map.of("GATEHOUSE_CLUSTER_JMS_CONNECTION_FACTORY", "cf",
                "GATEHOUSE_CLUSTER_JMS_USERNAME", "u", "GATEHOUSE_CLUSTER_JMS_PASSWORD", "secret"))).orElseThrow();
        assertEquals("u", s.username());
        assertEquals("secret", new String(s.password()));
    }
}
