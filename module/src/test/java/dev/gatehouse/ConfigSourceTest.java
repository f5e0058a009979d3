package dev.gatehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigSourceTest {
    private static final String NAME = "example.timeout";

    private static Optional<Duration> duration(String text) {
        return ConfigSource.of(Map.of(NAME, text)).duration(NAME);
    }

    @Test
    void aDurationIsReadInEverySpellingTheSettingsUse() {
        assertEquals(Optional.of(Duration.ofMillis(500)), duration("500ms"));
        assertEquals(Optional.of(Duration.ofSeconds(5)), duration(" 5s "));
        assertEquals(Optional.of(Duration.ofSeconds(7)), duration("7"));
        assertEquals(Optional.of(Duration.ofMinutes(2)), duration("2m"));
        assertEquals(Optional.of(Duration.ofHours(1)), duration("1h"));
        assertEquals(Optional.of(Duration.ofSeconds(3)), duration("PT3S"));
    }

    @Test
    void aBlankOrMissingDurationIsEmpty() {
        assertEquals(Optional.empty(), duration("  "));
        assertEquals(Optional.empty(), ConfigSource.of(Map.of()).duration(NAME));
    }

    @Test
    void aDurationThatIsNotOneFailsNamingTheProperty() {
        for (String bad : new String[] {"soon", "5 days", "99999999999999999999s", "9999999999999999h"}) {
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> duration(bad), bad);
            assertTrue(e.getMessage().contains(NAME), e.getMessage());
        }
    }
}
