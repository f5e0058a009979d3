package dev.gatehouse.internal.handshake.jwt;

import io.jsonwebtoken.JwtException;

/**
 * A token refused by Gatehouse's own rules while jjwt reads it (a key locator, or the check of what
 * a JWE holds); the verifier turns it into an {@code INVALID_TOKEN} rejection. The message is safe
 * to show the client: it never contains the token or key material.
 */
final class Refused extends JwtException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
        super(message);
    }
}
