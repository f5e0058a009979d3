package dev.gatehouse.client.internal;

import dev.gatehouse.client.ClientStoppedException;
import dev.gatehouse.client.CloseStatus;
import dev.gatehouse.client.Welcome;
import java.util.concurrent.CompletableFuture;

/**
 * The futures a session hands out: the first welcome, the next welcome, and the end. The fields are
 * guarded by the session's lock; the futures are completed on the event thread
 * ({@link ClientThreads#post}), never under it.
 */
final class Welcomes {
    private final ClientThreads threads;
    /** The first welcome, {@code connect()}'s. */
    final CompletableFuture<Welcome> first = new CompletableFuture<>();
    /** The end, {@code close()}'s. */
    final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
    /** The current welcome when ready, else the next. */
    CompletableFuture<Welcome> next = new CompletableFuture<>();
    /** Whether {@link #next} is (about to be) completed. */
    private boolean nextWelcomed;

    Welcomes(ClientThreads threads) {
        this.threads = threads;
    }

    void welcomedLocked(Welcome welcome) {
        CompletableFuture<Welcome> current = next;
        nextWelcomed = true;
        threads.post(() -> {
            first.complete(welcome);
            current.complete(welcome);
        });
    }

    void lostLocked() {
        if (nextWelcomed) {
            next = new CompletableFuture<>();
            nextWelcomed = false;
        }
    }

    void stoppedLocked(String reason, CloseStatus status) {
        CompletableFuture<Welcome> current = next;
        threads.post(() -> {
            ClientStoppedException stopped = new ClientStoppedException(reason);
            first.completeExceptionally(stopped);
            current.completeExceptionally(stopped);
            closed.complete(status);
        });
    }
}
