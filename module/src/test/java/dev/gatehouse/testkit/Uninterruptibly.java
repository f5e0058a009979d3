package dev.gatehouse.testkit;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Waits that ignore interrupts, as a JDBC read without a query timeout or a {@code synchronized}
 * wait does: what a test of a hang needs (never {@code Thread.sleep}, which an interrupt ends).
 */
public final class Uninterruptibly {
    /** However a test goes wrong, a hang it made ends after this. */
    public static final Duration GIVE_UP = Duration.ofMinutes(1);

    private Uninterruptibly() {
    }

    /** Waits until {@code release} opens, ignoring interrupts; gives up after {@link #GIVE_UP}. */
    public static void await(CountDownLatch release) {
        await(release, () -> { });
    }

    /** As {@link #await(CountDownLatch)}, telling {@code onInterrupt} of each interrupt it ignores. */
    public static void await(CountDownLatch release, Runnable onInterrupt) {
        long giveUp = System.nanoTime() + GIVE_UP.toNanos();
        while (System.nanoTime() < giveUp) {
            try {
                if (release.await(1, TimeUnit.SECONDS)) {
                    return;
                }
            } catch (InterruptedException ignored) {
                onInterrupt.run();
            }
        }
    }
}
