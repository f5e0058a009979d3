package dev.gatehouse.spi;

/**
 * Verifies a compact JWT. The default is built from configuration (see the README's
 * configuration table); an application may supply its own.
 *
 * <p>Implementations are thread-safe, never throw for a bad token (they return
 * {@link Verification#rejected}), and never put the token into a message or a log line.
 *
 * <p>An application's verifier may block (a token introspection call, a database): at the
 * handshake it runs on Gatehouse's verifier threads, and a handshake it has not answered within
 * {@code gatehouse.auth.timeout} is refused {@code 503 SERVICE_UNAVAILABLE}; for
 * {@code auth_refresh} it runs in the connection's turn under {@code gatehouse.handler.timeout}.
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
