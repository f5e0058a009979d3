package dev.gatehouse.redis.internal;

import dev.gatehouse.spi.RevocationStore;
import io.lettuce.core.Range;
import io.lettuce.core.RedisException;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Revocations in Redis: one sorted set ({@link Channels#revocations()}) whose members are the
 * revocations and whose scores are the epoch milliseconds they expire at. Adding one also removes
 * those expired, so the set holds only what still matters (each node bounds what it adds by
 * {@code gatehouse.revocation.max-entries}); reading takes the unexpired ones. Commands go through
 * the backplane's bound on commands in flight and never block the caller. Thread-safe; no state.
 */
final class RedisRevocationStore implements RevocationStore {
    private final String key;
    private final Supplier<RedisClusterAsyncCommands<String, String>> connection;
    private final InFlight inFlight;
    private final Clock clock;

    RedisRevocationStore(Channels names, Supplier<RedisClusterAsyncCommands<String, String>> connection,
            InFlight inFlight, Clock clock) {
        this.key = names.revocations();
        this.connection = connection;
        this.inFlight = inFlight;
        this.clock = clock;
    }

    @Override
    public CompletionStage<?> add(String revocation, Instant expiresAt) {
        RedisClusterAsyncCommands<String, String> c = connection.get();
        if (c == null) {
            return notConnected();
        }
        long now = clock.millis();
        return inFlight.send(() -> c.zadd(key, (double) expiresAt.toEpochMilli(), revocation))
                .thenCompose(added -> inFlight.send(() -> c.zremrangebyscore(key, Range.create(0, now))));
    }

    @Override
    public CompletionStage<Collection<String>> all() {
        RedisClusterAsyncCommands<String, String> c = connection.get();
        if (c == null) {
            return notConnected();
        }
        Range<Long> unexpired = Range.from(Range.Boundary.excluding(clock.millis()), Range.Boundary.unbounded());
        return inFlight.<List<String>>send(() -> c.zrangebyscore(key, unexpired)).thenApply(List::copyOf);
    }

    private static <T> CompletionStage<T> notConnected() {
        return CompletableFuture.failedFuture(new RedisException("Not connected to Redis"));
    }
}
