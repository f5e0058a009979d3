package dev.gatehouse.internal.handshake;

import dev.gatehouse.spi.TokenVerifier;
import java.util.Optional;

/**
 * Whether a token verifier has its keys: a remote JWKS has none until its first fetch succeeds, and
 * until then readiness reports the check {@value #CHECK} DOWN and handshakes are refused as
 * {@code SERVICE_UNAVAILABLE}. Implemented by the built-in verifier and the cache around it.
 */
public interface KeyReadiness {
    /** The name of the readiness check. */
    String CHECK = "gatehouse-keys";

    /** {@return whether the keys may be missing (they are fetched from a URL), so that readiness reports them} */
    boolean reported();

    /** {@return why tokens cannot be verified yet (client-safe: no URL, no exception message), or empty when they can} */
    Optional<String> missing();

    /**
     * The readiness of a verifier's keys.
     *
     * @param verifier the verifier
     * @return its readiness, or null when it has no keys to wait for (fixed keys, a custom verifier)
     */
    static KeyReadiness of(TokenVerifier verifier) {
        return verifier instanceof KeyReadiness keys && keys.reported() ? keys : null;
    }
}
