package dev.gatehouse;

/**
 * Verifies a compact JWT. The default is built from configuration (see the README's
 * configuration table); an application may supply its own.
 *
 * <p>Implementations are thread-safe, never throw for a bad token (they return
 * {@link Verification#rejected}), and never put the token into a message or a log line.
 */
@FunctionalInterface
public interface TokenVerifier {

    /**
     * Verifies the token.
     *
     * @param compactJwt the token as the client sent it, never null
     * @return the outcome, never null
     */
    Verification verify(String compactJwt);
}
