package dev.gatehouse.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.testkit.LogCapture;
import java.util.List;
import java.util.Locale;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The close line carries the close code as the protocol writes it, {@code closed 1000}, never
 * {@code closed 1,000}: formatted as java.util.logging's formatters and JBoss LogManager (WildFly)
 * format a {@code System.Logger} record, with {@link java.text.MessageFormat} in a locale that groups
 * digits.
 */
class CloseLogLineTest {
    private final ConnectionFixture fixture = new ConnectionFixture();
    private final Locale locale = Locale.getDefault(Locale.Category.FORMAT);

    @BeforeEach
    void aLocaleThatGroupsDigits() {
        Locale.setDefault(Locale.Category.FORMAT, Locale.US);
    }

    @AfterEach
    void restoreTheLocale() {
        Locale.setDefault(Locale.Category.FORMAT, locale);
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1013, 4000, 4999})
    void theCloseCodeIsWrittenWithoutDigitGrouping(int code) {
        try (LogCapture logs = LogCapture.of("dev.gatehouse.lifecycle")) {
            ManagedConnection c = fixture.ready(RecordingTransport.completing());
            c.onClosed(code, "BYE");
            List<String> lines = logs.matching(r -> r.getMessage().contains("] closed ")).stream()
                    .map(CloseLogLineTest::formatted).toList();
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).startsWith("[" + c.id() + "] closed " + code + " BYE after "), lines.get(0));
        }
    }

    /** The message as a handler writes it: {@code Formatter.formatMessage}, MessageFormat with the record's parameters. */
    private static String formatted(LogRecord record) {
        return new SimpleFormatter().formatMessage(record);
    }
}
