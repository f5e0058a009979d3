package dev.gatehouse.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.System.Logger;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A burst of refusals is one WARNING, and the next line counts what came in between. */
class BurstLogTest {
    private final List<String> lines = new ArrayList<>();

    @Test
    void aThousandEventsInOnePeriodLogOneLine() {
        BurstLog log = new BurstLog(recording(), "refused", 3600);
        for (int i = 0; i < 1000; i++) {
            log.event("n=" + i);
        }
        assertEquals(List.of("refused (n=0); 1 such event(s) since the last report"), lines);
    }

    @Test
    void theFirstEventAfterThePeriodLogsAndCountsTheOnesBetween() throws InterruptedException {
        BurstLog log = new BurstLog(recording(), "refused", 0);
        log.event("a");
        log.event("b");
        assertEquals(2, lines.size());
        assertTrue(lines.get(1).startsWith("refused (b)"), lines.get(1));
    }

    private Logger recording() {
        return new Logger() {
            @Override
            public String getName() {
                return "test";
            }

            @Override
            public boolean isLoggable(Level level) {
                return true;
            }

            @Override
            public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
                lines.add(msg);
            }

            @Override
            public void log(Level level, ResourceBundle bundle, String format, Object... params) {
                assertEquals(Level.WARNING, level);
                lines.add(MessageFormat.format(format, params));
            }

            @Override
            public void log(Level level, Supplier<String> msgSupplier) {
                lines.add(msgSupplier.get());
            }
        };
    }
}
