package dev.gatehouse.client.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Reads {@code exp} from a JWT's payload without verifying anything: only to tell, when a handshake
 * failed without an HTTP status, whether the token can still be good.
 */
final class TokenExpiry {
    private TokenExpiry() {
    }

    /** {@return whether the token carries an {@code exp} that has passed} */
    static boolean hasPassed(String token, Instant now) {
        if (token == null) {
            return false;
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return false;
        }
        try {
            String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            return Frames.parseObject(payload)
                    .map(claims -> Frames.number(claims, "exp"))
                    .filter(exp -> exp.isPresent() && exp.getAsDouble() < now.getEpochSecond())
                    .isPresent();
        } catch (IllegalArgumentException e) {
            return false; // not base64url: the server will say what it thinks of it
        }
    }
}
