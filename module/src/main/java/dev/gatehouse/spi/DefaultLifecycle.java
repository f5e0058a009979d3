package dev.gatehouse.spi;

import dev.gatehouse.Connection;
import dev.gatehouse.internal.lifecycle.NotReadyException;
import dev.gatehouse.internal.metrics.GatehouseMetrics.ReadinessFailure;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The default {@link LifecycleManager}: every {@link ReadinessCheck} in turn, then every
 * {@link ConnectionSetup} at once; ready when all passed. Gatehouse calls it on a worker thread.
 */
final class DefaultLifecycle implements LifecycleManager {
    private static final CompletableFuture<Void> READY = CompletableFuture.completedFuture(null);

    private final List<ReadinessCheck> checks;
    private final List<ConnectionSetup> setups;

    DefaultLifecycle(List<ReadinessCheck> checks, List<ConnectionSetup> setups) {
        this.checks = List.copyOf(checks);
        this.setups = List.copyOf(setups);
    }

    @Override
    public CompletionStage<Void> prepare(Connection connection) {
        for (ReadinessCheck check : checks) {
            NotReadyException failure = run(check);
            if (failure != null) {
                return CompletableFuture.failedFuture(failure);
            }
        }
        if (setups.isEmpty()) {
            return READY;
        }
        CompletableFuture<?>[] all = new CompletableFuture<?>[setups.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = start(setups.get(i), connection);
        }
        return CompletableFuture.allOf(all);
    }

    /** Why the check did not pass, or null when it did. */
    private static NotReadyException run(ReadinessCheck check) {
        try {
            return check.isReady() ? null : new NotReadyException(check.name() + " is not ready", ReadinessFailure.NOT_READY);
        } catch (Throwable e) {
            return new NotReadyException(check.name() + " failed: " + e, ReadinessFailure.CHECK_THREW);
        }
    }

    private static CompletableFuture<?> start(ConnectionSetup setup, Connection connection) {
        try {
            CompletionStage<?> stage = setup.setUp(connection);
            return stage == null ? READY : stage.toCompletableFuture();
        } catch (Throwable e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
