package dev.gatehouse.internal.handshake.jwt;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a call that may hang (a verification against a stalled JWKS) on a daemon thread of its own
 * and waits for it at most a bound, so that a hang fails the test instead of hanging it.
 */
final class Within {
    private Within() {
    }

    /** {@code call}'s result, or an AssertionError when it has not returned within {@code bound}. */
    static <T> T within(Duration bound, Callable<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(call.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "within-" + bound.toMillis() + "ms");
        thread.setDaemon(true);
        thread.start();
        try {
            return result.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within " + bound.toMillis() + " ms; still at "
                    + java.util.Arrays.toString(thread.getStackTrace()).replace(", ", "\n  "));
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
