package dev.gatehouse.redis.internal;

import io.lettuce.core.RedisException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Bounds the commands waiting for Redis' answer on the command connection, below Lettuce's own
 * request queue: beyond the bound a command fails at once, with no log line, instead of reaching
 * Lettuce's limit, where every refused command is logged at WARNING with a stack trace. Memory
 * stays bounded while Redis is slow or hung (waiting commands end with the command timeout).
 * Lock-free; thread-safe.
 */
final class InFlight {
    private final int limit;
    private final AtomicInteger waiting = new AtomicInteger();

    InFlight(int limit) {
        this.limit = limit;
    }

    /** Sends a command unless {@code limit} are waiting; the stage fails at once when not sent. */
    <T> CompletionStage<T> send(Supplier<? extends CompletionStage<T>> command) {
        if (waiting.incrementAndGet() > limit) {
            waiting.decrementAndGet();
            return CompletableFuture.failedFuture(new RedisException(
                    "Redis is not keeping up: " + limit + " commands wait for an answer"));
        }
        CompletionStage<T> sent;
        try {
            sent = command.get();
        } catch (RuntimeException e) {
            waiting.decrementAndGet();
            return CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((ok, e) -> waiting.decrementAndGet());
        return sent;
    }

    /** {@return the commands waiting now} */
    int waiting() {
        return waiting.get();
    }
}
