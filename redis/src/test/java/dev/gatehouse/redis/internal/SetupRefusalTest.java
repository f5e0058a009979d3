package dev.gatehouse.redis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ConfigSource;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import java.net.ConnectException;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class SetupRefusalTest {
    private static final RedisSettings SERVER = RedisSettings.from(ConfigSource.of(Map.of(RedisSettings.URI,
            "redis://:pw@127.0.0.1:7000"))).orElseThrow();
    private static final RedisSettings FROM_SETTINGS = RedisSettings.from(ConfigSource.of(Map.of(RedisSettings.URI,
            "redis-sentinel://127.0.0.1:26379#m", RedisSettings.PASSWORD, "pw", RedisSettings.SENTINEL_PASSWORD,
            "spw"))).orElseThrow();

    @Test
    void refusedCredentialsAreRecognizedThroughLettucesWrappingAndNameWhereThePasswordCameFrom() {
        SetupRefusal r = SetupRefusal.of(new RedisConnectionException("Unable to connect",
                new RedisCommandExecutionException("WRONGPASS invalid username-password pair or user is disabled.")),
                SERVER);
        assertEquals("WRONGPASS", r.word());
        assertEquals(RedisSettings.URI, r.property());
        assertFalse(r.problem().contains("pw@"), r.problem());
        assertEquals("NOAUTH", SetupRefusal.of(new RedisCommandExecutionException(
                "NOAUTH HELLO must be called with the client already authenticated"), SERVER).word());
        assertEquals(RedisSettings.PASSWORD, SetupRefusal.of(new RedisCommandExecutionException("WRONGPASS x"),
                FROM_SETTINGS).property());
    }

    @Test
    void aSentinelRefusingItsCredentialsNamesTheSentinelPassword() {
        SetupRefusal r = SetupRefusal.of(new RedisConnectionException("Cannot connect to a Redis Sentinel: [x]",
                new RedisConnectionException("Cannot connect Redis Sentinel at redis://127.0.0.1:26379",
                        new RedisCommandExecutionException("WRONGPASS invalid username-password pair"))), FROM_SETTINGS);
        assertEquals(RedisSettings.SENTINEL_PASSWORD, r.property());
        assertTrue(r.problem().startsWith("the sentinels refused"), r.problem());
    }

    @Test
    void anUnreachableRedisIsNoCredentialsProblem() {
        assertNull(SetupRefusal.of(new RedisConnectionException("Unable to connect",
                new ConnectException("Connection refused")), SERVER));
        assertNull(SetupRefusal.of(new RedisCommandExecutionException("LOADING Redis is loading"), SERVER));
        assertNull(SetupRefusal.of(null, SERVER));
    }

    @Test
    void otherSetupErrorsAreRefusalsToo() {
        SetupRefusal r = SetupRefusal.of(new RedisConnectionException("Unable to connect",
                new RedisCommandExecutionException("ERR DB index is out of range")), SERVER);
        assertEquals("ERR", r.word());
        assertEquals(RedisSettings.URI, r.property());
    }

    @Test
    void tlsCertificateProblemsNameTheirSetting() {
        assertEquals(RedisSettings.TLS_KEY_STORE, SetupRefusal.of(new RedisConnectionException("Unable to connect",
                new SSLHandshakeException("Received fatal alert: certificate_required")), SERVER).property());
        assertEquals(RedisSettings.TLS_TRUST_STORE, SetupRefusal.of(new SSLHandshakeException(
                "PKIX path building failed: unable to find valid certification path to requested target"), SERVER)
                .property());
        assertEquals(RedisSettings.TLS_VERIFY_PEER, SetupRefusal.of(new SSLHandshakeException(
                "No subject alternative names matching IP address 127.0.0.1 found"), SERVER).property());
        assertNull(SetupRefusal.of(new SSLHandshakeException("Remote host terminated the handshake"), SERVER));
    }
}
