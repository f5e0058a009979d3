package dev.gatehouse.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * A pool keeps at most its bound of idle objects: one coming back beyond it is ended and counted,
 * and only then; one ended on purpose is not an overflow. Shown on zlib streams, whose end is
 * visible (an ended stream refuses work).
 */
class BoundedPoolTest {
    private static final int BOUND = 2;
    private final LongAdder overflows = new LongAdder();

    @Test
    void aStreamComingBackToAFullPoolIsEndedAndCounted() {
        BoundedPool<Deflater> pool = new BoundedPool<>(BOUND, () -> new Deflater(6, true), Deflater::reset, Deflater::end,
                overflows::increment);
        List<Deflater> inUse = new ArrayList<>();
        for (int i = 0; i < BOUND + 1; i++) {
            inUse.add(pool.take()); // the pool is empty: each one is new
        }
        inUse.forEach(pool::give);

        assertEquals(BOUND, pool.idle());
        assertEquals(1, overflows.sum());
        Deflater surplus = inUse.get(BOUND);
        assertThrows(NullPointerException.class, () -> surplus.deflate(new byte[8]), "the surplus one was ended");
        Deflater kept = pool.take();
        assertEquals(0, kept.deflate(new byte[8]), "a kept one still works");
        assertTrue(inUse.indexOf(kept) < BOUND, "and is one of those given back first");
    }

    @Test
    void streamsTakenAndGivenBackWithinTheBoundAreNeverCounted() {
        BoundedPool<Inflater> pool = new BoundedPool<>(BOUND, () -> new Inflater(true), Inflater::reset, Inflater::end,
                overflows::increment);
        for (int round = 0; round < 10; round++) {
            Inflater a = pool.take();
            Inflater b = pool.take();
            pool.give(a);
            pool.give(b);
        }
        pool.end(pool.create()); // a connection's own stream, ended at its close: no overflow

        assertEquals(BOUND, pool.idle());
        assertEquals(0, overflows.sum());
    }
}
