package dev.gatehouse.internal.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.gatehouse.testkit.FuzzCorpus;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every byte stream of {@code fuzz-corpus/frame-guard/} gets its documented close (PROTOCOL.md §5), however it is read. */
class FrameGuardCorpusTest {
    private static final Map<String, FrameGuard.Violation> VIOLATIONS = Map.of(
            "violation-PROTOCOL_ERROR", FrameGuard.PROTOCOL_ERROR,
            "violation-INVALID_PAYLOAD", FrameGuard.INVALID_PAYLOAD,
            "violation-TOO_BIG", FrameGuard.TOO_BIG);

    @TestFactory
    Stream<DynamicTest> everyCorpusStreamGetsItsDocumentedVerdict() {
        return FuzzCorpus.entries("frame-guard").stream().map(e -> dynamicTest(e.name(), () -> replay(e)));
    }

    private static void replay(FuzzCorpus.Entry e) {
        FrameGuard.Violation expected = e.expected().equals("ok") ? null : VIOLATIONS.get(e.expected());
        assertEquals(e.expected().equals("ok"), expected == null, "unknown expectation " + e.expected());
        byte[] bytes = e.hex();
        long limit = Long.parseLong(e.option("limit").orElse("1000"));
        for (List<Integer> sizes : List.of(List.of(Math.max(1, bytes.length)), List.of(1), List.of(2, 5), List.of(7, 1, 64))) {
            FrameGuardProperties.Reads reads = new FrameGuardProperties.Reads(sizes, 3);
            assertEquals(expected, FrameGuardProperties.feed(bytes, limit, reads).violation(), "reads of " + sizes);
        }
    }
}
