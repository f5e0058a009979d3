package dev.gatehouse.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One declaration gives a setting's parsing, default, check and README row. */
class SettingTest {
    private static final Setting<Duration> WAIT = Setting.duration("gatehouse.x").byDefault(Duration.ofSeconds(5))
            .check(Checks.positive("gatehouse.x")).doc("how long");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "500ms    | PT0.5S",
        "5s       | PT5S",
        "5 s      | PT5S",
        "5S       | PT5S",
        "2m       | PT2M",
        "1h       | PT1H",
        "7        | PT7S",
        "PT5S     | PT5S",
        "pt1m30s  | PT1M30S",
        "P1D      | PT24H"})
    void durationsParse(String text, String iso) {
        assertEquals(Duration.parse(iso), WAIT.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5s", "-5s", "5 sec", "ms", "5ms5", "soon", "5d"})
    void badDurationsNameTheProperty(String text) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> WAIT.parse(text));
        assertEquals("gatehouse.x", e.property());
        assertTrue(e.getMessage().contains(text), e.getMessage());
    }

    @Test
    void theCheckRunsOnParsedAndOnGivenValues() {
        assertEquals("gatehouse.x", assertThrows(ConfigurationException.class, () -> WAIT.parse("0")).property());
        assertThrows(ConfigurationException.class, () -> new Values.Builder().set(WAIT, Duration.ZERO));
    }

    @Test
    void valuesGiveTheDefaultUntilSetAndKnowWhatWasSet() {
        Values.Builder b = new Values.Builder();
        assertEquals(Duration.ofSeconds(5), b.build().get(WAIT));
        assertFalse(b.build().isSet(WAIT));
        Values v = b.set(WAIT, Duration.ofSeconds(1)).build();
        assertEquals(Duration.ofSeconds(1), v.get(WAIT));
        assertEquals(Set.of("gatehouse.x"), v.namesSet());
    }

    @Test
    void readingTakesExactAndEnvironmentNamesAndLeavesBlankUnset() {
        assertEquals(Duration.ofSeconds(2),
                new Values.Builder().read(ConfigSource.of(Map.of("GATEHOUSE_X", "2s")), List.of(WAIT)).build().get(WAIT));
        assertFalse(new Values.Builder().read(ConfigSource.of(Map.of("gatehouse.x", "  ")), List.of(WAIT)).build().isSet(WAIT));
    }

    @Test
    void listsAreTrimmedWithoutEmptyEntries() {
        assertEquals(List.of("a", "b"), Setting.list("l").parse(" a, ,b ,"));
    }

    @Test
    void integersBooleansAndEnumsNameThePropertyWhenBad() {
        assertEquals("n", assertThrows(ConfigurationException.class, () -> Setting.integer("n").parse("1e3")).property());
        assertEquals("b", assertThrows(ConfigurationException.class, () -> Setting.bool("b").parse("1")).property());
        assertEquals(false, Setting.bool("b").parse("FALSE"));
        assertEquals("e", assertThrows(ConfigurationException.class,
                () -> Setting.enumOf("e", java.time.DayOfWeek.class).parse("someday")).property());
    }

    @Test
    void readmeRowShowsNameDefaultAndMeaning() {
        assertEquals("| `gatehouse.x` | `5s` | how long |", WAIT.readmeRow());
        assertEquals("| `u` | – |  |", Setting.string("u").readmeRow());
        assertEquals("| `l` | `a,b` | x |", Setting.list("l").byDefault(List.of("a", "b")).doc("x").readmeRow());
        assertNull(Setting.string("u").defaultValue());
    }
}
