package dev.gatehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code GatehouseConfig.from(ConfigSource.of(map))}: property names, environment-style names, and errors naming the property. */
class GatehouseConfigFromSourceTest {

    @Test
    void emptySourceGivesTheDefaults() {
        GatehouseConfig c = from(Map.of());
        assertEquals(List.of("gatehouse.v1", "jwt-auth", "bearer"), c.subprotocols());
        assertEquals(401, c.rejectStatus());
        assertEquals(GatehouseConfig.HandshakeMode.STATUS, c.handshakeMode());
        assertEquals(Duration.ofSeconds(5), c.readyTimeout());
        assertEquals(Duration.ofSeconds(25), c.heartbeatInterval());
        assertEquals(65536, c.maxMessageSize());
        assertFalse(c.queryParamToken());
        assertEquals(0, c.rateLimit());
    }

    @Test
    void dottedPropertyNamesAreRead() {
        GatehouseConfig c = from(Map.ofEntries(
                Map.entry("gatehouse.subprotocols", "app.v1, app.v2 ,"),
                Map.entry("gatehouse.origins", "https://a,https://b"),
                Map.entry("gatehouse.auth.required-groups", "chat"),
                Map.entry("gatehouse.auth.query-param", "TRUE"),
                Map.entry("gatehouse.handshake.reject-status", "403"),
                Map.entry("gatehouse.handshake.mode", "diagnostic"),
                Map.entry("gatehouse.ready.timeout", "500ms"),
                Map.entry("gatehouse.heartbeat.interval", "10s"),
                Map.entry("gatehouse.heartbeat.timeout", "PT5S"),
                Map.entry("gatehouse.idle-timeout", "2m"),
                Map.entry("gatehouse.max-message-size", "1024"),
                Map.entry("gatehouse.rate-limit", "5"),
                Map.entry("mp.jwt.token.header", "cookie")));
        assertEquals(List.of("app.v1", "app.v2"), c.subprotocols());
        assertEquals(Set.of("https://a", "https://b"), c.origins());
        assertEquals(Set.of("chat"), c.requiredGroups());
        assertTrue(c.queryParamToken());
        assertEquals(403, c.rejectStatus());
        assertEquals(GatehouseConfig.HandshakeMode.DIAGNOSTIC, c.handshakeMode());
        assertEquals(Duration.ofMillis(500), c.readyTimeout());
        assertEquals(Duration.ofSeconds(10), c.heartbeatInterval());
        assertEquals(Duration.ofSeconds(5), c.heartbeatTimeout());
        assertEquals(Duration.ofMinutes(2), c.idleTimeout());
        assertEquals(1024, c.maxMessageSize());
        assertEquals(5, c.rateLimit());
        assertEquals("Cookie", c.jwt().tokenHeader());
    }

    @Test
    void environmentStyleNamesAreRead() {
        GatehouseConfig c = from(Map.of(
                "GATEHOUSE_MAX_MESSAGE_SIZE", "9001",
                "GATEHOUSE_HANDLER_TIMEOUT", "750ms",
                "GATEHOUSE_AUTH_REQUIRED_GROUPS", "a,b",
                "gatehouse_rate_limit", "7"));
        assertEquals(9001, c.maxMessageSize());
        assertEquals(Duration.ofMillis(750), c.handlerTimeout());
        assertEquals(Set.of("a", "b"), c.requiredGroups());
        assertEquals(7, c.rateLimit());
    }

    @Test
    void exactNameWinsOverEnvironmentStyleName() {
        assertEquals(9002, from(Map.of("gatehouse.max-message-size", "9002", "GATEHOUSE_MAX_MESSAGE_SIZE", "9003")).maxMessageSize());
    }

    @Test
    void blankValuesCountAsUnset() {
        assertEquals(65536, from(Map.of("gatehouse.max-message-size", "   ")).maxMessageSize());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "GATEHOUSE_MAX_MESSAGE_SIZE         | abc     | gatehouse.max-message-size",
        "gatehouse.max-connections          | 0       | gatehouse.max-connections",
        "gatehouse.jwks.refresh-interval    | 0s      | gatehouse.jwks.refresh-interval",
        "gatehouse.auth.query-param         | yes     | gatehouse.auth.query-param",
        "gatehouse.handshake.mode           | loud    | gatehouse.handshake.mode",
        "gatehouse.handshake.reject-status  | 500     | gatehouse.handshake.reject-status",
        "GATEHOUSE_READY_TIMEOUT            | soon    | gatehouse.ready.timeout",
        "gatehouse.ready.timeout            | 0s      | gatehouse.ready.timeout",
        "gatehouse.handler.timeout          | 1.5s    | gatehouse.handler.timeout",
        "gatehouse.max-message-size         | 10      | gatehouse.max-message-size",
        "gatehouse.rate-limit               | -1      | gatehouse.rate-limit",
        "gatehouse.subprotocols             | bearer.x | gatehouse.subprotocols",
        "mp.jwt.token.header                | X-Token | mp.jwt.token.header"})
    void badValueNamesThePropertyInTheException(String name, String value, String property) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> from(Map.of(name, value)));
        assertEquals(property, e.property());
        assertTrue(e.getMessage().startsWith(property + ": "), e.getMessage());
    }

    @Test
    void heartbeatTimeoutAboveIntervalIsRefusedAtBuild() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> from(Map.of(
                "gatehouse.heartbeat.interval", "5s", "gatehouse.heartbeat.timeout", "6s")));
        assertEquals("gatehouse.heartbeat.timeout", e.property());
    }

    private static GatehouseConfig from(Map<String, String> values) {
        return GatehouseConfig.from(ConfigSource.of(values)).build();
    }
}
