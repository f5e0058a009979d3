package dev.gatehouse.internal.lifecycle;

import dev.gatehouse.Connection;
import dev.gatehouse.ConnectionSetup;
import dev.gatehouse.LifecycleManager;
import dev.gatehouse.ReadinessCheck;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Runs every {@link ReadinessCheck}, then every {@link ConnectionSetup}, on a worker (never on the
 * container's thread, so that a slow one is bounded by the ready timeout instead of holding that
 * thread); completes normally when all passed. With neither, a connection is ready at once, on the
 * opening thread.
 */
public final class DefaultLifecycleManager implements LifecycleManager {
    private static final CompletableFuture<Void> READY = CompletableFuture.completedFuture(null);

    private final List<ReadinessCheck> checks;
    private final List<ConnectionSetup> setups;
    private final Executor workers;

    /** A manager running these checks and setups; checks run on {@code workers}. */
    public DefaultLifecycleManager(List<ReadinessCheck> checks, List<ConnectionSetup> setups, Executor workers) {
        this.checks = List.copyOf(checks);
        this.setups = List.copyOf(setups);
        this.workers = workers;
    }

    @Override
    public CompletionStage<Void> prepare(Connection connection) {
        if (checks.isEmpty() && setups.isEmpty()) {
            return READY;
        }
        CompletableFuture<Void> checked = CompletableFuture.runAsync(this::runChecks, workers);
        return setups.isEmpty() ? checked : checked.thenCompose(v -> runSetups(connection));
    }

    private void runChecks() {
        for (ReadinessCheck check : checks) {
            boolean ready;
            try {
                ready = check.isReady();
            } catch (Throwable e) {
                throw new NotReadyException(check.name() + " failed: " + e);
            }
            if (!ready) {
                throw new NotReadyException(check.name() + " is not ready");
            }
        }
    }

    private CompletableFuture<Void> runSetups(Connection connection) {
        CompletableFuture<?>[] all = new CompletableFuture<?>[setups.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = start(setups.get(i), connection);
        }
        return CompletableFuture.allOf(all);
    }

    private static CompletableFuture<?> start(ConnectionSetup setup, Connection connection) {
        try {
            CompletionStage<?> stage = setup.setUp(connection);
            return stage == null ? READY : stage.toCompletableFuture();
        } catch (Throwable e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A readiness check said no. */
    static final class NotReadyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotReadyException(String message) {
            super(message, null, false, false);
        }
    }
}
