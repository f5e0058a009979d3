package dev.gatehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The standalone server's own settings: read from a source, checked at the setter, errors naming the property. */
class GatehouseServerSettingsTest {
    private static final Gatehouse GATEHOUSE = Gatehouse.builder().config(GatehouseConfig.builder().hmacSecret(
            "a-test-secret-of-at-least-256-bits-long-enough").build()).build();

    @Test
    void addressAndPathAreReadFromTheSourceExactOrEnvironmentStyle() {
        GatehouseServer server = GatehouseServer.builder(GATEHOUSE)
                .config(ConfigSource.of(Map.of("gatehouse.host", "127.0.0.1", "GATEHOUSE_PORT", "0", "gatehouse.path", "/live")))
                .build();
        assertEquals("/live", server.uri().getPath());
        assertEquals("127.0.0.1", server.uri().getHost());
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
        GatehouseServer.Builder builder = GatehouseServer.builder(GATEHOUSE);
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> builder.config(ConfigSource.of(Map.of(name, value))));
        assertEquals(property, e.property());
    }

    @Test
    void blankHostIsRefusedAtTheSetter() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> GatehouseServer.builder(GATEHOUSE).host(" "));
        assertEquals("gatehouse.host", e.property());
    }

    @Test
    void anotherEndpointAtGatehousesPathIsRefused() {
        GatehouseServer.Builder builder = GatehouseServer.builder(GATEHOUSE).path("/x")
                .endpoint(jakarta.websocket.server.ServerEndpointConfig.Builder.create(jakarta.websocket.Endpoint.class, "/x").build());
        assertThrows(IllegalArgumentException.class, builder::build);
    }

    @Test
    void statusPageWithoutMicrometerMetersFailsAtBuildNamingTheSetting() {
        Gatehouse withoutMeters = Gatehouse.builder().metrics(Metrics.none()).config(GatehouseConfig.builder().hmacSecret(
                "a-test-secret-of-at-least-256-bits-long-enough").build()).build();
        GatehouseServer.Builder builder = GatehouseServer.builder(withoutMeters)
                .config(ConfigSource.of(Map.of("GATEHOUSE_STATUS_ENABLED", "true")));
        ConfigurationException e = assertThrows(ConfigurationException.class, builder::build);
        assertEquals("gatehouse.status.enabled", e.property());
    }
}
