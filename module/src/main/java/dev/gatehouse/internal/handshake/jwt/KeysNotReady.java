package dev.gatehouse.internal.handshake.jwt;

import io.jsonwebtoken.JwtException;

/**
 * There are no keys to verify a token with yet (a remote JWKS whose first fetch has not succeeded):
 * the server is not ready, the token may be fine. The verifier turns it into a
 * {@code SERVICE_UNAVAILABLE} rejection; the message is client-safe.
 */
final class KeysNotReady extends JwtException {
    private static final long serialVersionUID = 1L;

    KeysNotReady() {
        super("no keys to verify tokens yet; retry shortly");
    }
}
