package dev.gatehouse.internal.handshake.jwt;

import java.text.MessageFormat;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** A {@link System.Logger} that keeps every line, formatted, and whether a stack trace came with it. Thread-safe. */
final class RecordingLogger implements System.Logger {
    /** One logged line. */
    record Line(Level level, String text, Throwable thrown) {
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();

    /** {@return every line so far} */
    List<Line> lines() {
        return List.copyOf(lines);
    }

    @Override
    public String getName() {
        return "recording";
    }

    @Override
    public boolean isLoggable(Level level) {
        return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        lines.add(new Line(level, msg, thrown));
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        lines.add(new Line(level, params == null || params.length == 0 ? format : MessageFormat.format(format, params), null));
    }

    @Override
    public void log(Level level, Supplier<String> msgSupplier) {
        lines.add(new Line(level, msgSupplier.get(), null));
    }
}
