package dev.gatehouse.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records what Gatehouse logs through {@code java.util.logging} (where {@code System.Logger} goes
 * by default) under a logger name, {@code dev.gatehouse} and its children, from INFO up. Close it
 * to detach.
 */
public final class LogCapture implements AutoCloseable {
    /** Held strongly: java.util.logging keeps loggers only weakly, and would drop the handler with it. */
    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture(String name) {
        this.logger = Logger.getLogger(name);
        handler.setLevel(Level.INFO);
        logger.addHandler(handler);
    }

    /** Starts recording {@code name} and its children. */
    public static LogCapture of(String name) {
        return new LogCapture(name);
    }

    /** The records so far that match. */
    public List<LogRecord> matching(Predicate<LogRecord> filter) {
        return records.stream().filter(filter).toList();
    }

    /** A record as one line: level, logger, message with its parameters, and the throwable if any. */
    public static String describe(LogRecord record) {
        Object[] parameters = record.getParameters();
        String message = parameters == null ? record.getMessage()
                : java.text.MessageFormat.format(record.getMessage(), parameters);
        return record.getLevel() + " " + record.getLoggerName() + ": " + message
                + (record.getThrown() != null ? " (" + record.getThrown() + ")" : "");
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
