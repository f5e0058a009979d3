package dev.gatehouse.client.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The application's token source, asked on the event thread: it is application code, which may
 * block, and the session often needs a token on the JDK's WebSocket thread. An answer that does not
 * come within the request timeout counts as a failure. Call it without the session's lock.
 */
final class TokenSource {
    private final Supplier<CompletionStage<String>> source;
    private final long timeoutMillis;
    private final ClientThreads threads;

    TokenSource(Settings settings, ClientThreads threads) {
        this.source = settings.tokenSource();
        this.timeoutMillis = settings.requestTimeout().toMillis();
        this.threads = threads;
    }

    /** {@return the token; fails when the source threw, failed or did not answer in time} */
    CompletableFuture<String> ask() {
        CompletableFuture<String> token = new CompletableFuture<>();
        threads.post(() -> {
            try {
                source.get().whenComplete((t, error) -> {
                    if (error != null) {
                        token.completeExceptionally(error);
                    } else {
                        token.complete(t);
                    }
                });
            } catch (RuntimeException e) {
                token.completeExceptionally(e);
            }
        });
        return token.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
    }
}
