package dev.gatehouse.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A bounded pool of costly reusable objects: permessage-deflate's zlib streams (a compressor holds
 * about 256 KiB of native memory, an inflater about 40 KiB) and the cluster signer's initialised
 * HMAC {@code Mac}s. {@link #take} hands out an idle object or makes a new one, so a caller never
 * waits; {@link #give} resets it and keeps it, or, when the pool already holds {@code bound} idle
 * ones, ends it and counts it ({@code gatehouse.pool.overflows}, through the hook given at
 * construction). So the pool never holds more than {@code bound} idle objects, and a burst above it
 * costs allocations, not memory. Thread-safe; no lock.
 *
 * @param <T> what it holds
 */
public final class BoundedPool<T> {
    private final ArrayBlockingQueue<T> idle;
    private final Supplier<T> create;
    private final Consumer<T> reset;
    private final Consumer<T> end;
    private final Runnable overflowed;

    /**
     * A pool.
     *
     * @param bound the most idle objects it keeps
     * @param create makes a new one
     * @param reset readies one that comes back for its next use
     * @param end releases one the pool does not keep (its native memory, say)
     * @param overflowed run for each one let go because the pool held {@code bound} already
     */
    public BoundedPool(int bound, Supplier<T> create, Consumer<T> reset, Consumer<T> end, Runnable overflowed) {
        this.idle = new ArrayBlockingQueue<>(bound);
        this.create = create;
        this.reset = reset;
        this.end = end;
        this.overflowed = overflowed;
    }

    /** {@return an idle object, or a new one} */
    public T take() {
        T t = idle.poll();
        return t != null ? t : create.get();
    }

    /** {@return a new object, not from the pool: one its user keeps to itself} */
    public T create() {
        return create.get();
    }

    /** Resets the object and keeps it, or, when the pool is full, ends it and runs {@code overflowed}. */
    public void give(T t) {
        reset.accept(t);
        if (!idle.offer(t)) {
            end.accept(t);
            overflowed.run();
        }
    }

    /** Ends an object that must not be reused (a connection's own stream, or one left mid-message). */
    public void end(T t) {
        end.accept(t);
    }

    /** {@return how many idle objects the pool holds} */
    public int idle() {
        return idle.size();
    }
}
