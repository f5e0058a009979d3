package dev.gatehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The standalone server's own settings, from the Gatehouse's configuration: read from a source or
 * set by the typed setters, checked at the setter, errors naming the property.
 */
class GatehouseServerSettingsTest {
    private static final String SECRET = "a-test-secret-of-at-least-256-bits-long-enough";

    private static Gatehouse gatehouse(Map<String, String> properties) {
        return Gatehouse.builder(ConfigSource.of(properties)).config(c -> c.hmacSecret(SECRET)).build();
    }

    @Test
    void addressAndPathAreReadFromTheSourceExactOrEnvironmentStyle() {
        GatehouseServer server = GatehouseServer.builder(gatehouse(
                Map.of("gatehouse.host", "127.0.0.1", "GATEHOUSE_PORT", "0", "gatehouse.path", "/live"))).build();
        assertEquals("/live", server.uri().getPath());
        assertEquals("127.0.0.1", server.uri().getHost());
    }

    @Test
    void addressAndPathAreTheTypedSettersOfTheConfiguration() {
        Gatehouse gatehouse = Gatehouse.builder().config(c -> c.hmacSecret(SECRET).host("localhost").port(0).path("/typed"))
                .build();
        GatehouseServer server = GatehouseServer.builder(gatehouse).build();
        assertEquals("/typed", server.uri().getPath());
        assertEquals("localhost", server.uri().getHost());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "GATEHOUSE_PORT | abc   | gatehouse.port",
        "gatehouse.port | 70000 | gatehouse.port",
        "gatehouse.path | ws    | gatehouse.path",
        "gatehouse.compression.enabled | yes | gatehouse.compression.enabled",
        "GATEHOUSE_COMPRESSION_LEVEL | 0 | gatehouse.compression.level",
        "gatehouse.compression.level | 10 | gatehouse.compression.level",
        "gatehouse.compression.context-takeover | 1 | gatehouse.compression.context-takeover",
        "gatehouse.compression.min-size | -1 | gatehouse.compression.min-size"})
    void badValueNamesTheProperty(String name, String value, String property) {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Gatehouse.builder(ConfigSource.of(Map.of(name, value))));
        assertEquals(property, e.property());
    }

    @Test
    void blankHostIsRefusedAtTheSetter() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> GatehouseConfig.builder().host(" "));
        assertEquals("gatehouse.host", e.property());
    }

    @Test
    void aPortOverrideOutOfRangeNamesThePort() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> GatehouseServer.builder(gatehouse(Map.of())).port(-1));
        assertEquals("gatehouse.port", e.property());
    }

    @Test
    void anotherEndpointAtGatehousesPathIsRefused() {
        GatehouseServer.Builder builder = GatehouseServer.builder(gatehouse(Map.of("gatehouse.path", "/x")))
                .endpoint(jakarta.websocket.server.ServerEndpointConfig.Builder.create(jakarta.websocket.Endpoint.class, "/x").build());
        assertThrows(IllegalArgumentException.class, builder::build);
    }

    @Test
    void statusPageWithoutMicrometerMetersFailsAtBuildNamingTheSetting() {
        Gatehouse withoutMeters = Gatehouse.builder(ConfigSource.of(Map.of("GATEHOUSE_STATUS_ENABLED", "true")))
                .metrics(Metrics.none()).config(c -> c.hmacSecret(SECRET)).build();
        GatehouseServer.Builder builder = GatehouseServer.builder(withoutMeters);
        ConfigurationException e = assertThrows(ConfigurationException.class, builder::build);
        assertEquals("gatehouse.status.enabled", e.property());
    }
}
