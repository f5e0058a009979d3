package dev.gatehouse.client.internal;

import dev.gatehouse.client.ClientStoppedException;
import dev.gatehouse.client.CloseStatus;
import dev.gatehouse.client.Welcome;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The futures a session hands out: the first welcome, the next welcome, and the end. The fields are
 * guarded by the session's lock; the futures are completed through {@code post}, on the event thread.
 */
final class Welcomes {
    /** The first welcome, {@code connect()}'s. */
    final CompletableFuture<Welcome> first = new CompletableFuture<>();
    /** The end, {@code close()}'s. */
    final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
    /** The current welcome when ready, else the next. */
    CompletableFuture<Welcome> next = new CompletableFuture<>();
    /** Whether {@link #next} is (about to be) completed. */
    private boolean nextWelcomed;

    void welcomedLocked(Welcome welcome, Consumer<Runnable> post) {
        CompletableFuture<Welcome> current = next;
        nextWelcomed = true;
        post.accept(() -> {
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

    void stoppedLocked(String reason, CloseStatus status, Consumer<Runnable> post) {
        CompletableFuture<Welcome> current = next;
        post.accept(() -> {
            ClientStoppedException stopped = new ClientStoppedException(reason);
            first.completeExceptionally(stopped);
            current.completeExceptionally(stopped);
            closed.complete(status);
        });
    }
}
