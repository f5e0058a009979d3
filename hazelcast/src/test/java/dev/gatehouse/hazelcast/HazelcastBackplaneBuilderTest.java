package dev.gatehouse.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import dev.gatehouse.hazelcast.internal.HazelcastSettings;
import dev.gatehouse.spi.BackplaneProvider;
import dev.gatehouse.testkit.TypedSetters;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link HazelcastBackplane.Builder}: a setter for every {@code gatehouse.cluster.hazelcast.*}
 * property {@link HazelcastSettings} declares, each setting the property it is named after; bad
 * typed values refused by the settings' own checks, naming the property, before any instance is
 * looked for. (On real members: {@code HazelcastBackplaneBuilderIT}.)
 */
class HazelcastBackplaneBuilderTest {
    private static final BackplaneProvider.Node NODE = new BackplaneProvider.Node("n", Duration.ofSeconds(10));

    private static String refused(HazelcastBackplane.Builder b) {
        return assertThrows(ConfigurationException.class, () -> b.build(NODE)).property();
    }

    @Test
    void everyDeclaredPropertyHasASetterThatSetsIt() throws Exception {
        assertEquals(List.of(HazelcastSettings.INSTANCE, HazelcastSettings.JNDI, HazelcastSettings.CONFIG,
                HazelcastSettings.PREFIX, HazelcastSettings.TOPIC_SHARDS, HazelcastSettings.TIMEOUT,
                HazelcastSettings.HISTORY_IDLE).stream().sorted().toList(),
                TypedSetters.assertOnePerProperty(HazelcastSettings.class, "gatehouse.cluster.hazelcast.",
                        HazelcastBackplane::builder).stream().sorted().toList());
    }

    @Test
    void badTypedValuesFailAtBuildNamingTheirProperty() {
        assertEquals(HazelcastSettings.INSTANCE, refused(HazelcastBackplane.builder().prefix("p")));
        assertEquals(HazelcastSettings.INSTANCE, refused(HazelcastBackplane.builder().instance("mine")));
        assertEquals(HazelcastSettings.CONFIG, refused(HazelcastBackplane.builder().instance("member")));
        assertEquals(HazelcastSettings.JNDI, refused(HazelcastBackplane.builder().instance("cdi").jndi("x")));
        assertEquals(HazelcastSettings.PREFIX, refused(HazelcastBackplane.builder().instance("cdi").prefix("a b")));
        assertEquals(HazelcastSettings.TOPIC_SHARDS, refused(HazelcastBackplane.builder().instance("cdi").topicShards(0)));
        assertEquals(HazelcastSettings.TIMEOUT,
                refused(HazelcastBackplane.builder().instance("cdi").timeout(Duration.ofSeconds(-1))));
        assertEquals(HazelcastSettings.HISTORY_IDLE,
                refused(HazelcastBackplane.builder().instance("cdi").historyIdle(Duration.ZERO)));
    }

    @Test
    void aTypedSetterWinsOverTheConfigSourceItsBuilderStartsFrom() {
        ConfigSource base = ConfigSource.of(Map.of(HazelcastSettings.INSTANCE, "cdi",
                HazelcastSettings.PREFIX, "a b"));
        assertEquals(HazelcastSettings.PREFIX, refused(HazelcastBackplane.builder(base)));
        assertEquals(HazelcastSettings.TIMEOUT, refused(HazelcastBackplane.builder(base).prefix("ok")
                .timeout(Duration.ZERO)), "the typed prefix replaced the base's");
    }
}
