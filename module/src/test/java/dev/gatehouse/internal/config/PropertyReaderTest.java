package dev.gatehouse.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PropertyReaderTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "500ms    | PT0.5S",
        "5s       | PT5S",
        "5 s      | PT5S",
        "5S       | PT5S",
        "2m       | PT2M",
        "1h       | PT1H",
        "7        | PT7S",
        "0        | PT0S",
        "PT5S     | PT5S",
        "pt1m30s  | PT1M30S",
        "P1D      | PT24H",
        "' 250ms '| PT0.25S"})
    void durationsParse(String text, String iso) {
        assertEquals(Optional.of(Duration.parse(iso)), reader("d", text).duration("d"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5s", "-5s", "5 sec", "ms", "5ms5", "soon", "5d"})
    void badDurationsNameTheProperty(String text) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> reader("gatehouse.x", text).duration("gatehouse.x"));
        assertEquals("gatehouse.x", e.property());
        assertTrue(e.getMessage().contains(text.trim()), e.getMessage());
    }

    @Test
    void unsetAndBlankAreEmpty() {
        assertEquals(Optional.empty(), reader("d", "  ").duration("d"));
        assertEquals(Optional.empty(), new PropertyReader(ConfigSource.of(Map.of())).duration("d"));
    }

    @Test
    void listsAreTrimmedWithoutEmptyEntries() {
        assertEquals(Optional.of(List.of("a", "b")), reader("l", " a, ,b ,").list("l"));
    }

    @Test
    void integersAndBooleansNameThePropertyWhenBad() {
        assertEquals("n", assertThrows(ConfigurationException.class, () -> reader("n", "1e3").integer("n")).property());
        assertEquals("b", assertThrows(ConfigurationException.class, () -> reader("b", "1").bool("b")).property());
        assertEquals(Optional.of(false), reader("b", "FALSE").bool("b"));
    }

    private static PropertyReader reader(String name, String value) {
        return new PropertyReader(ConfigSource.of(Map.of(name, value)));
    }
}
