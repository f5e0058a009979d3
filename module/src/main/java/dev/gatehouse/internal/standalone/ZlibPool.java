package dev.gatehouse.internal.standalone;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A bounded pool of zlib streams (a {@link Deflater} holds about 256 KiB of native memory, an
 * {@link Inflater} about 40 KiB), so that connections without context takeover hold one only
 * while a message is being compressed or inflated. A stream comes back reset; beyond the bound it
 * is ended at once and counted ({@code gatehouse.pool.overflows}, through the hook given at
 * construction), so the pool never holds more than {@code bound} idle streams, and a burst above
 * it costs allocations, not memory. Thread-safe.
 *
 * @param <Z> the stream's type
 */
final class ZlibPool<Z> {
    private final ArrayBlockingQueue<Z> idle;
    private final Supplier<Z> create;
    private final Consumer<Z> reset;
    private final Consumer<Z> end;
    private final Runnable overflowed;

    private ZlibPool(int bound, Supplier<Z> create, Consumer<Z> reset, Consumer<Z> end, Runnable overflowed) {
        this.idle = new ArrayBlockingQueue<>(bound);
        this.create = create;
        this.reset = reset;
        this.end = end;
        this.overflowed = overflowed;
    }

    /** Raw deflaters (no zlib header, as RFC 7692 wants) of the given level; {@code overflowed} as for {@link #give}. */
    static ZlibPool<Deflater> deflaters(int bound, int level, Runnable overflowed) {
        return new ZlibPool<>(bound, () -> new Deflater(level, true), Deflater::reset, Deflater::end, overflowed);
    }

    /** Raw inflaters; {@code overflowed} as for {@link #give}. */
    static ZlibPool<Inflater> inflaters(int bound, Runnable overflowed) {
        return new ZlibPool<>(bound, () -> new Inflater(true), Inflater::reset, Inflater::end, overflowed);
    }

    /** An idle stream, or a new one. */
    Z take() {
        Z z = idle.poll();
        return z != null ? z : create.get();
    }

    /** Takes a new stream, not from the pool: one a connection keeps. */
    Z create() {
        return create.get();
    }

    /** Resets the stream and keeps it, or, when the pool is full, ends it and runs {@code overflowed}. */
    void give(Z z) {
        reset.accept(z);
        if (!idle.offer(z)) {
            end.accept(z);
            overflowed.run();
        }
    }

    /** Ends a stream that must not be reused (a connection's own, or one left mid-message). */
    void end(Z z) {
        end.accept(z);
    }

    /** How many idle streams the pool holds. */
    int idle() {
        return idle.size();
    }
}
