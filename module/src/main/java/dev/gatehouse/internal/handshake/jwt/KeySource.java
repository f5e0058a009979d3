package dev.gatehouse.internal.handshake.jwt;

/** Where the verifier gets its current keys: fixed at startup, or a JWKS URL that changes. */
@FunctionalInterface
interface KeySource extends AutoCloseable {

    /** The keys to use now. */
    KeySet current();

    /**
     * Called when a token names a {@code kid} not in {@link #current()}; a changing source may
     * fetch again (rate-limited). The default returns {@link #current()}.
     */
    default KeySet afterUnknownKid() {
        return current();
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
