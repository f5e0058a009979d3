package dev.gatehouse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The constants of {@link Protocol} are the names in the tables of docs/PROTOCOL.md, so the two cannot drift. */
class ProtocolTablesTest {
    private static final Pattern CODE = Pattern.compile("`([A-Z][A-Z_]+)`");
    private static List<String> lines;

    @BeforeAll
    static void read() throws IOException {
        lines = Files.readAllLines(Path.of("../docs/PROTOCOL.md")); // surefire runs in the module's folder
    }

    @Test
    void errorCodesAreTheTableOfSection34InItsOrder() {
        List<String> codes = new ArrayList<>();
        tableRows("### 3.4").forEach(cells -> codes.addAll(codes(cells.get(0))));
        assertEquals(Protocol.ERROR_CODES, codes);
    }

    @Test
    void closeReasonsAreTheTableOfSection5() {
        Map<Integer, Set<String>> reasons = new HashMap<>();
        for (List<String> cells : tableRows("## 5.")) {
            Set<String> named = new LinkedHashSet<>(codes(cells.get(2)));
            if (cells.get(0).matches("\\d{4}") && !named.isEmpty()) {
                reasons.put(Integer.parseInt(cells.get(0)), named);
            }
        }
        assertEquals(Protocol.CLOSE_REASONS, reasons);
        assertTrue(tableRows("## 5.").stream().anyMatch(c -> c.get(0).equals("1011")), "1011 names no reason");
    }

    @Test
    void closeCodeConstantsAreRowsOfSection5() {
        Set<String> rows = new LinkedHashSet<>();
        tableRows("## 5.").forEach(c -> rows.add(c.get(0)));
        for (int code : List.of(Protocol.NORMAL, Protocol.GOING_AWAY, Protocol.PROTOCOL_ERROR_CODE,
                Protocol.INVALID_PAYLOAD_CODE, Protocol.POLICY, Protocol.TOO_LARGE, Protocol.INTERNAL_ERROR,
                Protocol.TRY_AGAIN_LATER)) {
            assertTrue(rows.contains(String.valueOf(code)), code + " in " + rows);
        }
    }

    @Test
    void handshakeCodesAreTheLastColumnsOfSections13And14() {
        Set<String> codes = new LinkedHashSet<>();
        for (String section : List.of("### 1.3", "### 1.4")) {
            tableRows(section).forEach(cells -> codes.addAll(codes(cells.get(cells.size() - 1))));
        }
        assertEquals(Protocol.HANDSHAKE_CODES, codes);
    }

    @Test
    void systemEventsAreTheEventsOfSection3() {
        Set<String> events = new LinkedHashSet<>();
        String section3 = section("## 3.");
        find(Pattern.compile("\"event\": \"([a-z_]+)\""), section3, events);
        find(Pattern.compile("(?m)^- `([a-z_]+)`:"), section("### 3.2"), events);
        find(Pattern.compile("`([a-z_]+)` has the same data"), section("### 3.5"), events);
        assertEquals(Protocol.SYSTEM_EVENTS, events);
        assertTrue(section3.contains("\"type\": \"" + Protocol.SYSTEM_MESSAGE + "\""));
        assertTrue(section3.contains("{\"type\": \"" + Protocol.ERROR_MESSAGE + "\""));
    }

    @Test
    void recoveryReasonsAreTheTableOfSection36InItsOrder() {
        List<String> reasons = new ArrayList<>();
        Pattern reason = Pattern.compile("`([a-z_]+)`");
        tableRows("### 3.6").forEach(cells -> {
            Matcher m = reason.matcher(cells.get(0));
            assertTrue(m.matches(), cells.get(0));
            reasons.add(m.group(1));
        });
        assertEquals(Protocol.RECOVERY_REASONS, reasons);
    }

    @Test
    void frameTypesAndSubprotocolAreTheDocuments() {
        Set<String> clientFrames = new LinkedHashSet<>();
        find(Pattern.compile("(?m)^- `([a-z_]+)`"), section("## 4."), clientFrames);
        assertEquals(Set.of(Protocol.PING, Protocol.AUTH_REFRESH, Protocol.RECOVER, Protocol.ROOM_MEMBERS), clientFrames);
        assertTrue(lines.contains("### 3.3 `" + Protocol.PONG + "`"));
        assertTrue(section("### 1.1").contains("accepted by default: `" + Protocol.SUBPROTOCOL + "`"));
        assertTrue(section("### 1.1").contains("`" + Protocol.BEARER_PREFIX + "<jwt>`"));
        assertTrue(lines.get(0).endsWith("version " + Protocol.VERSION));
    }

    /** The rows of the first table of a section, each as its trimmed cells, without header and rule. */
    private static List<List<String>> tableRows(String heading) {
        List<List<String>> rows = new ArrayList<>();
        boolean seenRule = false;
        for (String raw : section(heading).split("\n")) {
            String line = raw.strip(); // a table inside a list item is indented
            if (!line.startsWith("|")) {
                if (seenRule) {
                    break;
                }
                continue;
            }
            if (line.matches("\\|[-| ]+\\|")) {
                seenRule = true;
                continue;
            }
            if (seenRule) {
                List<String> cells = new ArrayList<>();
                for (String cell : line.substring(1, line.lastIndexOf('|')).split("\\|", -1)) {
                    cells.add(cell.trim());
                }
                rows.add(cells);
            }
        }
        assertFalse(rows.isEmpty(), "a table under " + heading);
        return rows;
    }

    /** The text from the heading to the next heading of the same or a higher level. */
    private static String section(String heading) {
        int level = heading.indexOf(' ');
        StringBuilder text = new StringBuilder();
        boolean in = false;
        for (String line : lines) {
            if (in && line.startsWith("#") && line.indexOf(' ') <= level && line.indexOf(' ') > 0
                    && line.substring(0, line.indexOf(' ')).chars().allMatch(c -> c == '#')) {
                break;
            }
            if (line.startsWith(heading)) {
                in = true;
            }
            if (in) {
                text.append(line).append('\n');
            }
        }
        assertFalse(text.isEmpty(), "no section " + heading);
        return text.toString();
    }

    private static List<String> codes(String cell) {
        List<String> codes = new ArrayList<>();
        Matcher m = CODE.matcher(cell);
        while (m.find()) {
            codes.add(m.group(1));
        }
        return codes;
    }

    private static void find(Pattern p, String text, Set<String> into) {
        Matcher m = p.matcher(text);
        while (m.find()) {
            into.add(m.group(1));
        }
    }
}
