package dev.gatehouse.redis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisSettingsTest {
    private static final String SECRET = "s3cr3t/with@odd:chars";

    private static RedisSettings parse(String uri, String... more) {
        Map<String, String> m = new HashMap<>();
        m.put(RedisSettings.URI, uri);
        for (int i = 0; i < more.length; i += 2) {
            m.put(more[i], more[i + 1]);
        }
        return RedisSettings.from(ConfigSource.of(m)).orElseThrow();
    }

    private static RedisCredentials credentials(RedisSettings s) {
        return s.redisUri().getCredentialsProvider().resolveCredentials().block();
    }

    private static ConfigurationException refused(String uri, String... more) {
        return assertThrows(ConfigurationException.class, () -> parse(uri, more));
    }

    @Test
    void withoutAUriThereIsNoRedisBackplane() {
        assertTrue(RedisSettings.from(ConfigSource.of(Map.of())).isEmpty());
        assertTrue(RedisSettings.from(ConfigSource.of(Map.of(RedisSettings.URI, "  "))).isEmpty());
    }

    @Test
    void defaults() {
        RedisSettings s = parse("redis://localhost");
        assertEquals("localhost", s.host());
        assertEquals(6379, s.port());
        assertEquals(0, s.database());
        assertFalse(s.tls());
        assertNull(s.user());
        assertFalse(s.hasPassword());
        assertEquals("gatehouse", s.prefix());
        assertEquals(0, s.partitions());
        assertEquals(Duration.ofSeconds(2), s.timeout());
        assertEquals("redis://localhost:6379", s.where());
    }

    @Test
    void hostPortDatabaseTlsAndCredentials() {
        RedisSettings s = parse("rediss://app:" + SECRET + "@redis.example:6380/3");
        assertTrue(s.tls());
        assertEquals("redis.example", s.host());
        assertEquals(6380, s.port());
        assertEquals(3, s.database());
        assertEquals("app", s.user());
        assertTrue(s.hasPassword());
        RedisURI uri = s.redisUri();
        assertEquals("app", credentials(s).getUsername());
        assertEquals(SECRET, new String(credentials(s).getPassword()));
        assertTrue(uri.isSsl());
        assertEquals(3, uri.getDatabase());
        assertEquals(Duration.ofSeconds(2), uri.getTimeout());
        assertFalse(s.toString().contains(SECRET), s.toString());
        assertFalse(s.where().contains(SECRET));
    }

    @Test
    void aPasswordWithoutUserIsForTheDefaultUserAndIsPercentDecoded() {
        RedisSettings s = parse("redis://:p%40ss%2Bw+rd@127.0.0.1:7000");
        assertNull(s.user());
        assertEquals("p@ss+w+rd", new String(credentials(s).getPassword()));
        assertEquals("default", credentials(s).getUsername());
        RedisSettings legacy = parse("redis://onlypassword@127.0.0.1");
        assertEquals("onlypassword", new String(credentials(legacy).getPassword()));
    }

    @Test
    void ipv6() {
        RedisSettings s = parse("redis://[::1]:6390");
        assertEquals("::1", s.host());
        assertEquals(6390, s.port());
        assertEquals("redis://[::1]:6390", s.where());
    }

    @Test
    void otherSettings() {
        RedisSettings s = parse("redis://h", RedisSettings.CHANNEL_PREFIX, "app.ws", RedisSettings.SHARDED_PARTITIONS,
                "16", RedisSettings.TIMEOUT, "500ms");
        assertEquals("app.ws", s.prefix());
        assertEquals(16, s.partitions());
        assertEquals(Duration.ofMillis(500), s.timeout());
    }

    @Test
    void wrongValuesNameTheirPropertyAndNeverShowThePassword() {
        for (String bad : new String[] {"http://u:" + SECRET + "@h", "redis://u:" + SECRET + "@", "redis://u:" + SECRET
                + "@h:0", "redis://u:" + SECRET + "@h:99999", "redis://u:" + SECRET + "@h/x", "redis://u:" + SECRET
                + "@h?timeout=1s", "redis://u:" + SECRET + "%zz@h", "redis://u:" + SECRET + "@[::1", "redis://u:" + SECRET
                + "@h h"}) {
            ConfigurationException e = refused(bad);
            assertEquals(RedisSettings.URI, e.property(), bad);
            assertFalse(e.getMessage().contains(SECRET), e.getMessage());
            assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
            assertNull(e.getCause());
        }
        assertEquals(RedisSettings.CHANNEL_PREFIX, refused("redis://h", RedisSettings.CHANNEL_PREFIX, "a b").property());
        assertEquals(RedisSettings.CHANNEL_PREFIX, refused("redis://h", RedisSettings.CHANNEL_PREFIX, "{x}").property());
        assertEquals(RedisSettings.SHARDED_PARTITIONS, refused("redis://h", RedisSettings.SHARDED_PARTITIONS, "-1").property());
        assertEquals(RedisSettings.SHARDED_PARTITIONS, refused("redis://h", RedisSettings.SHARDED_PARTITIONS, "4096").property());
        assertEquals(RedisSettings.TIMEOUT, refused("redis://h", RedisSettings.TIMEOUT, "0").property());
        assertEquals(RedisSettings.TIMEOUT, refused("redis://h", RedisSettings.TIMEOUT, "soon").property());
        assertEquals(RedisSettings.TIMEOUT, refused("redis://h", RedisSettings.TIMEOUT, "11m").property());
    }
}
