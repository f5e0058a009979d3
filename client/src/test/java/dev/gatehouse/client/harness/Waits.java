package dev.gatehouse.client.harness;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Generous waits for a slow, shared machine: never an exact time. */
public final class Waits {
    /** How long any expected thing may take. */
    public static final Duration PATIENCE = Duration.ofSeconds(30);

    private Waits() {
    }

    /**
     * {@return the future's value, waiting at most {@link #PATIENCE}}
     *
     * @param future the future
     * @param <T> the value's type
     */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("not completed within " + PATIENCE, e);
        }
    }

    /**
     * {@return the exception the future failed with, waiting at most {@link #PATIENCE}}
     *
     * @param future the future
     */
    public static Throwable failure(CompletableFuture<?> future) {
        try {
            Object value = future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("expected a failure, got " + value);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("not completed within " + PATIENCE, e);
        }
    }

    /**
     * Waits until the condition holds, at most {@link #PATIENCE}.
     *
     * @param what what is waited for, for the failure message
     * @param condition the condition
     */
    public static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + PATIENCE + ": " + what);
            }
            pause(Duration.ofMillis(50));
        }
    }

    /**
     * Sleeps (to let something that should not happen have its chance; never to assert a time).
     *
     * @param d how long
     */
    public static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
