package dev.gatehouse.internal.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.gatehouse.testkit.FuzzCorpus;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every request of {@code fuzz-corpus/upgrade-check/} gets its documented answer (PROTOCOL.md §1.4), Gatehouse at /ws. */
class UpgradeRequestCheckCorpusTest {
    private final UpgradeRequestCheck check = new UpgradeRequestCheck("/ws", List.of());

    @TestFactory
    Stream<DynamicTest> everyCorpusRequestGetsItsDocumentedAnswer() {
        return FuzzCorpus.entries("upgrade-check").stream().map(e -> dynamicTest(e.name(), () -> replay(e)));
    }

    private void replay(FuzzCorpus.Entry e) {
        String[] lines = e.text().split("\n");
        String[] requestLine = lines[0].split(" ", 2);
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(": ");
            headers.add(new String[] {lines[i].substring(0, colon), lines[i].substring(colon + 2)});
        }
        UpgradeRequestCheck.Outcome outcome = check.check(requestLine[0], requestLine[1], new UpgradeHeaders(headers));
        if (e.expected().equals("gatehouse")) {
            assertEquals(new UpgradeRequestCheck.ForGatehouse("/ws"), outcome);
        } else {
            var refused = assertInstanceOf(UpgradeRequestCheck.Refused.class, outcome);
            assertEquals(Integer.parseInt(e.expected()), refused.refusal().status());
        }
    }
}
