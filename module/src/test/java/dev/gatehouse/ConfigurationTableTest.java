package dev.gatehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.internal.config.Setting;
import dev.gatehouse.internal.standalone.ServerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table is the settings as declared, row for row: a setting added,
 * renamed, re-defaulted or re-documented in code without the README (or the other way round) fails
 * here, and the message is the table to paste.
 */
class ConfigurationTableTest {

    @Test
    void readmeTableListsEverySettingAsDeclared() throws IOException {
        List<String> declared = Stream.of(ServerSettings.SETTINGS, JwtSettings.SETTINGS, GatehouseConfig.SETTINGS)
                .flatMap(List::stream).map(Setting::readmeRow).toList();
        List<String> documented = readmeRows();
        assertEquals(String.join("\n", declared), String.join("\n", documented),
                "README.md's configuration table differs from the declarations; the table should read:\n"
                        + String.join("\n", declared));
    }

    /** The rows of the table under "## Configuration", in order. */
    private static List<String> readmeRows() throws IOException {
        List<String> rows = new ArrayList<>();
        boolean inSection = false;
        for (String line : Files.readAllLines(Path.of("..", "README.md"))) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## Configuration");
            } else if (inSection && line.startsWith("| `")) {
                rows.add(line);
            }
        }
        return rows;
    }
}
