package dev.gatehouse.internal.handshake.jwt;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where the verifier gets its current keys: fixed at startup, or a JWKS URL that changes. Never
 * blocks on the network: a changing source fetches on its own thread, and the most a caller waits
 * for it is {@link #awaitAfterUnknownKid()}'s short, shared bound.
 */
@FunctionalInterface
interface KeySource extends AutoCloseable {

    /** The keys to use now; null while a remote source has not received its first key set. */
    KeySet current();

    /**
     * Called when a token names a {@code kid} not in {@link #current()}: a changing source refetches
     * (rate-limited, and joining a fetch already under way) and the stage completes with the keys
     * after that fetch, the previous ones if it failed; at once with {@link #current()} when no fetch
     * is due. Never blocks. The default completes at once.
     *
     * @return the keys after the refetch
     */
    default CompletionStage<KeySet> afterUnknownKid() {
        return CompletableFuture.completedFuture(current());
    }

    /**
     * As {@link #afterUnknownKid()}, waiting for the stage on the caller's thread only a short time
     * that every caller waiting for the same fetch shares (at most about a second once per fetch),
     * then returning {@link #current()}. The default returns {@link #current()} at once.
     *
     * @return the keys after the refetch, or the current ones when it did not finish in time
     */
    default KeySet awaitAfterUnknownKid() {
        return current();
    }

    /** {@return whether a fetch is under way, so that a token refused now may pass on a retry} */
    default boolean refreshing() {
        return false;
    }

    /** {@return why there are no keys yet (client-safe: no URL, no exception message), or empty when there are} */
    default Optional<String> missing() {
        return Optional.empty();
    }

    /** {@return whether the keys may change or be missing (a remote source), so that readiness reports them} */
    default boolean remote() {
        return false;
    }

    /** Stops any background work; the default has none. */
    @Override
    default void close() {
    }

    /** A source whose keys never change. */
    static KeySource fixed(KeySet keys) {
        return () -> keys;
    }
}
