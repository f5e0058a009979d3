package dev.gatehouse.spi;

import dev.gatehouse.Revocations;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.CompletionStage;

/**
 * Where a {@link Backplane} keeps the revocations ({@link Revocations}) for every node, so that a
 * node starting later learns the current list. Each revocation is an opaque line of text that
 * Gatehouse writes and reads; the store keeps it until its expiry and may forget it then. Neither
 * method blocks its caller.
 */
public interface RevocationStore {

    /**
     * Keeps a revocation until {@code expiresAt}.
     *
     * @param revocation the revocation, as Gatehouse encodes it
     * @param expiresAt when it may be forgotten
     * @return completes when it is kept; fails when it could not be
     */
    CompletionStage<?> add(String revocation, Instant expiresAt);

    /**
     * The revocations kept and not expired, in no particular order.
     *
     * @return completes with them; fails when they could not be read
     */
    CompletionStage<Collection<String>> all();
}
