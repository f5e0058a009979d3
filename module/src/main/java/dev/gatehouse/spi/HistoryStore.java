package dev.gatehouse.spi;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Keeps the recent frames of the streams that have history (rooms matching
 * {@code gatehouse.history.rooms}, and users' streams when {@code gatehouse.history.users} is on),
 * shared by every node, so that a client that was away gets what it missed (docs/PROTOCOL.md §3.6).
 * A {@link Backplane} that can hold history offers one ({@link Backplane#historyStore()}); a node
 * alone keeps it in its own memory.
 *
 * <p>The contract an implementation keeps: {@link #append} assigns the stream's next offset, stores
 * the entry and publishes it in <em>one atomic step</em>, so that no node can see a frame the history
 * does not hold, and every node subscribed to the topic sees a stream's publications in offset
 * order (gaps are possible, when the transport drops one; Gatehouse fills them from {@link #read}).
 * The epoch names one life of a stream's history and changes whenever that history may have been
 * lost (the store restarted without its data, or forgot the stream's position); offsets then start
 * again from 1. Entries that expired or were trimmed while the stream's position is kept leave the
 * epoch as it is: a reader finds them missing. Calls never block: they return at once and complete later.
 */
public interface HistoryStore {

    /**
     * Stores a message under its stream's next offset and publishes it to every node subscribed to
     * {@code topic}, which receives it through {@link Backplane.Receiver#receive(String, Position,
     * String)}, in one atomic step; then trims the stream to its limits.
     *
     * @param stream the stream: {@code room:} and a room name, or {@code user:} and a user id
     * @param topic the backplane topic it is published to ({@code room:<name>} or {@code all})
     * @param message the message, opaque to the store
     * @param limits how many entries the stream keeps, and for how long
     * @return the entry's position; fails when nothing was stored or published
     */
    CompletionStage<Position> append(String stream, String topic, String message, Limits limits);

    /**
     * Reads a stream's entries after an offset.
     *
     * @param stream the stream
     * @param after the offset after which to read; entries from {@code after + 1} on
     * @param max at most this many entries; 0 reads only the stream's current position
     * @return the stream's epoch and latest offset, and its entries after {@code after} that it
     *     still holds, in order, at most {@code max}
     */
    CompletionStage<Slice> read(String stream, long after, int max);

    /**
     * How much of a stream is kept.
     *
     * @param size at most this many entries
     * @param age each for at most this long
     */
    record Limits(int size, Duration age) {
        /**
         * Checks the bounds.
         *
         * @param size at least 1
         * @param age not null
         */
        public Limits {
            if (size < 1) {
                throw new IllegalArgumentException("size must be at least 1");
            }
            Objects.requireNonNull(age, "age");
        }
    }

    /**
     * Where an entry stands in its stream.
     *
     * @param epoch the life of the stream's history it belongs to
     * @param offset 1 for the epoch's first entry, one more for each after
     */
    record Position(String epoch, long offset) {
    }

    /**
     * One entry of a stream.
     *
     * @param offset its offset
     * @param storedAtMillis when it was stored, in milliseconds since the epoch
     * @param message the message appended
     */
    record Entry(long offset, long storedAtMillis, String message) {
    }

    /**
     * What a read found.
     *
     * @param epoch the stream's epoch now; empty for a stream the store holds nothing of
     * @param top the stream's latest offset (0 when none)
     * @param entries the entries read, in offset order
     */
    record Slice(String epoch, long top, List<Entry> entries) {
    }
}
