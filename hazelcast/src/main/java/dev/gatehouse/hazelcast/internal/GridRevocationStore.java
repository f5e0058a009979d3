package dev.gatehouse.hazelcast.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.gatehouse.spi.RevocationStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Revocations in Hazelcast: the map {@code <prefix>.revocations}, each revocation a key whose
 * entry lives until the revocation expires (its TTL), so the map holds only what still matters
 * (each node bounds what it adds by {@code gatehouse.revocation.max-entries}). A write is
 * asynchronous; the read, which blocks in Hazelcast, runs on the backplane's io threads. Thread-safe.
 */
final class GridRevocationStore implements RevocationStore {
    private final IMap<String, Long> map;
    private final ThreadPoolExecutor io;
    private final Clock clock;

    GridRevocationStore(HazelcastInstance hz, String prefix, ThreadPoolExecutor io, Clock clock) {
        this.map = hz.getMap(prefix + ".revocations");
        this.io = io;
        this.clock = clock;
    }

    @Override
    public CompletionStage<?> add(String revocation, Instant expiresAt) {
        long ttl = expiresAt.toEpochMilli() - clock.millis();
        return ttl <= 0 ? CompletableFuture.completedFuture(null)
                : map.putAsync(revocation, expiresAt.toEpochMilli(), ttl, TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletionStage<Collection<String>> all() {
        return Pools.call(io, () -> List.copyOf(map.keySet()));
    }
}
