package dev.gatehouse.internal.codec;

import java.time.Instant;

/**
 * Writes an instant at millisecond precision exactly as {@link Instant#toString()} does, keeping the
 * text of the last whole second it wrote: the welcome writes two instants per handshake, and the
 * JDK's formatter is its costliest part. Thread-safe (the kept second is an immutable value).
 */
final class InstantText {
    private record Second(long epochSecond, String text) {
    }

    private volatile Second last = new Second(Long.MIN_VALUE, "");

    /** Appends the instant {@code epochMillis}, as {@code Instant.ofEpochMilli(epochMillis).toString()}. */
    void append(StringBuilder out, long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        int millis = Math.floorMod(epochMillis, 1000);
        Second s = last;
        if (s.epochSecond() != second) {
            String whole = Instant.ofEpochSecond(second).toString(); // "...T10:00:00Z"
            s = new Second(second, whole.substring(0, whole.length() - 1));
            last = s;
        }
        out.append(s.text());
        if (millis != 0) {
            out.append('.').append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10))
                    .append((char) ('0' + millis % 10));
        }
        out.append('Z');
    }
}
