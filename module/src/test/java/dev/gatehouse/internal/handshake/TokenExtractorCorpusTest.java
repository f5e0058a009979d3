package dev.gatehouse.internal.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.testkit.FuzzCorpus;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every request of {@code fuzz-corpus/token-extractor/} gives its documented token (PROTOCOL.md §1.1). */
class TokenExtractorCorpusTest {
    /** Required with the cookie. */
    private static final Set<String> ORIGINS = Set.of("https://app.example.com");
    private static final Map<String, TokenExtractor> SETUPS = Map.of(
            "defaults", new TokenExtractor(GatehouseConfig.builder().build()),
            "query", new TokenExtractor(GatehouseConfig.builder().queryParamToken(true).build()),
            "cookie", new TokenExtractor(GatehouseConfig.builder().tokenHeader("Cookie").origins(ORIGINS).build()),
            "cookie+query", new TokenExtractor(GatehouseConfig.builder().tokenHeader("Cookie").origins(ORIGINS).queryParamToken(true).build()));

    @TestFactory
    Stream<DynamicTest> everyCorpusRequestGivesItsDocumentedToken() {
        return FuzzCorpus.entries("token-extractor").stream().map(e -> dynamicTest(e.name(), () -> replay(e)));
    }

    private static void replay(FuzzCorpus.Entry e) {
        String setup = String.join("+", Stream.concat(Stream.of(e.expected()), e.options().stream()).toList());
        TokenExtractor extractor = SETUPS.get(setup);
        assertEquals(true, extractor != null, "unknown configuration " + setup);
        FakeRequest request = FakeRequest.request();
        Optional<String> expected = null;
        for (String line : e.text().split("\n")) {
            if (line.startsWith("=> ")) {
                expected = line.equals("=> none") ? Optional.empty() : Optional.of(line.substring(3));
            } else if (line.startsWith("?access_token=")) {
                request.query("access_token", line.substring("?access_token=".length()));
            } else if (line.contains(": ")) {
                request.header(line.substring(0, line.indexOf(": ")), line.substring(line.indexOf(": ") + 2));
            }
        }
        assertEquals(true, expected != null, "no '=> ' line");
        assertEquals(expected, extractor.extract(request));
    }
}
