package dev.gatehouse.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import dev.gatehouse.redis.internal.RedisSettings;
import dev.gatehouse.spi.BackplaneProvider;
import dev.gatehouse.testkit.TypedSetters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RedisBackplane.Builder}: a setter for every {@code gatehouse.cluster.redis.*} property
 * {@link RedisSettings} declares, each setting the property it is named after and never showing a
 * password; bad typed values refused by the settings' own checks, naming the property. (Building
 * against a real Redis: {@code RedisBackplaneBuilderIT}.)
 */
class RedisBackplaneBuilderTest {
    private static final String SECRET = "pw-never-shown-7f3";
    private static final BackplaneProvider.Node NODE = new BackplaneProvider.Node("n", Duration.ofSeconds(10));

    @Test
    void everyDeclaredPropertyHasASetterThatSetsItAndNoSetterShowsAPassword() throws Exception {
        List<String> checked = TypedSetters.assertOnePerProperty(RedisSettings.class, "gatehouse.cluster.redis.",
                RedisBackplane::builder);
        assertTrue(checked.containsAll(List.of(RedisSettings.URI, RedisSettings.PASSWORD_FILE,
                RedisSettings.TLS_KEY_STORE_PASSWORD, RedisSettings.TIMEOUT)), checked.toString());
    }

    @Test
    void theUrisPasswordIsNotShownEither() {
        String shown = RedisBackplane.builder().uri("redis://gatehouse:" + SECRET + "@redis:6379").toString();
        assertFalse(shown.contains(SECRET), shown);
        assertTrue(shown.contains("redis:6379"), shown);
    }

    @Test
    void badTypedValuesFailAtBuildNamingTheirPropertyAndNeverThePassword(@TempDir Path dir) throws Exception {
        Function<RedisBackplane.Builder, ConfigurationException> build = b -> assertThrows(
                ConfigurationException.class, () -> b.build(NODE));
        String uri = "redis://127.0.0.1:1";
        assertEquals(RedisSettings.URI, build.apply(RedisBackplane.builder().timeout(Duration.ofSeconds(1))).property());
        assertEquals(RedisSettings.TIMEOUT,
                build.apply(RedisBackplane.builder().uri(uri).timeout(Duration.ofSeconds(-1))).property());
        assertEquals(RedisSettings.TIMEOUT,
                build.apply(RedisBackplane.builder().uri(uri).timeout(Duration.ofMinutes(11))).property());
        assertEquals(RedisSettings.SHARDED_PARTITIONS,
                build.apply(RedisBackplane.builder().uri(uri).shardedPartitions(-1)).property());
        assertEquals(RedisSettings.CHANNEL_PREFIX,
                build.apply(RedisBackplane.builder().uri(uri).channelPrefix("no spaces")).property());
        assertEquals(RedisSettings.TLS_VERIFY_PEER,
                build.apply(RedisBackplane.builder().uri("rediss://127.0.0.1:1").tlsVerifyPeer("some")).property());
        assertEquals(RedisSettings.SENTINEL_USERNAME,
                build.apply(RedisBackplane.builder().uri(uri).sentinelUsername("s")).property());
        assertEquals(RedisSettings.PASSWORD_FILE, build.apply(RedisBackplane.builder().uri(uri)
                .passwordFile(dir.resolve("missing"))).property());
        Path empty = Files.createFile(dir.resolve("empty"));
        assertEquals(RedisSettings.PASSWORD_FILE,
                build.apply(RedisBackplane.builder().uri(uri).passwordFile(empty)).property());
        ConfigurationException both = build.apply(RedisBackplane.builder().uri(uri).username("u")
                .password(SECRET.toCharArray()).passwordFile(dir.resolve("missing")));
        assertEquals(RedisSettings.PASSWORD_FILE, both.property());
        assertFalse(both.getMessage().contains(SECRET), both.getMessage());
    }

    @Test
    void aTypedSetterWinsOverTheConfigSourceItsBuilderStartsFrom() {
        ConfigSource base = ConfigSource.of(Map.of(RedisSettings.URI, "redis://127.0.0.1:1",
                RedisSettings.TIMEOUT, "0s", RedisSettings.CHANNEL_PREFIX, "ok"));
        ConfigurationException fromBase = assertThrows(ConfigurationException.class,
                () -> RedisBackplane.builder(base).build(NODE));
        assertEquals(RedisSettings.TIMEOUT, fromBase.property());
        ConfigurationException typed = assertThrows(ConfigurationException.class,
                () -> RedisBackplane.builder(base).timeout(Duration.ofSeconds(1)).channelPrefix("bad prefix").build(NODE));
        assertEquals(RedisSettings.CHANNEL_PREFIX, typed.property(), "the typed timeout replaced the base's 0s");
    }
}
