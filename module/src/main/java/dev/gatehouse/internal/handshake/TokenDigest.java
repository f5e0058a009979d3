package dev.gatehouse.internal.handshake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 of a compact token's UTF-8 bytes: how a token is named where it must not be kept
 * (the verified-token cache, a revocation of a token without {@code jti}). Thread-safe: one
 * digest per thread.
 */
public final class TokenDigest {
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    });

    private TokenDigest() {
    }

    /** {@return the 32 bytes of the token's SHA-256} */
    public static byte[] sha256(String compactJwt) {
        return SHA256.get().digest(compactJwt.getBytes(StandardCharsets.UTF_8));
    }
}
