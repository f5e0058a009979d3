package dev.gatehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A token read from a cookie ({@code mp.jwt.token.header=Cookie}) needs an {@code Origin}
 * allow-list: a browser sends the cookie with a WebSocket that any site's page opens to us, so
 * without {@code gatehouse.origins} any page could connect as its visitor (cross-site WebSocket
 * hijacking). {@code build()} refuses the combination, naming both properties.
 */
class CookieTokenNeedsOriginsTest {

    @Test
    void cookieTokenWithoutOriginsIsRefusedNamingBothProperties() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> GatehouseConfig.builder()
                .hmacSecret("0123456789abcdef0123456789abcdef").tokenHeader("Cookie")
                .build());

        assertEquals("gatehouse.origins", e.property());
        assertTrue(e.getMessage().contains("mp.jwt.token.header"), e.getMessage());
    }

    @Test
    void cookieTokenWithoutOriginsIsRefusedFromProperties() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> GatehouseConfig.from(ConfigSource.of(Map.of("mp.jwt.token.header", "cookie"))).build());

        assertEquals("gatehouse.origins", e.property());
        assertTrue(e.getMessage().contains("mp.jwt.token.header"), e.getMessage());
    }

    @Test
    void cookieTokenWithOriginsIsAccepted() {
        GatehouseConfig config = GatehouseConfig.from(ConfigSource.of(Map.of(
                "mp.jwt.token.header", "Cookie", "gatehouse.origins", "https://chat.example.com"))).build();

        assertEquals("Cookie", config.jwt().tokenHeader());
        assertEquals(Set.of("https://chat.example.com"), config.origins());
    }

    @Test
    void authorizationHeaderNeedsNoOrigins() {
        assertEquals(Set.of(), GatehouseConfig.builder().build().origins());
    }
}
