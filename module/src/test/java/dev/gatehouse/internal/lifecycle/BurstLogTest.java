package dev.gatehouse.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.System.Logger;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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

    @Test
    void theCountIsWrittenWithoutDigitGrouping() {
        Locale locale = Locale.getDefault(Locale.Category.FORMAT);
        Locale.setDefault(Locale.Category.FORMAT, Locale.US); // groups digits: 1,000
        try {
            BurstLog log = new BurstLog(recording(), "refused", 1);
            for (int i = 0; i < 1000; i++) {
                log.event("n=" + i);
            }
            long periodEnds = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (System.nanoTime() - periodEnds < 0) { // the period passes: the next event logs
                LockSupport.parkNanos(periodEnds - System.nanoTime());
            }
            log.event("last");
            assertEquals("refused (last); 1000 such event(s) since the last report", lines.get(1));
        } finally {
            Locale.setDefault(Locale.Category.FORMAT, locale);
        }
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
