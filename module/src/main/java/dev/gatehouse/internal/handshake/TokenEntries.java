package dev.gatehouse.internal.handshake;

import java.util.Locale;

/**
 * The token-bearing {@code Sec-WebSocket-Protocol} entries (PROTOCOL.md §1.1): {@code bearer.},
 * {@code jwt-auth.} and {@code jwt.} followed by the token. Such an entry is never selected or echoed.
 */
public final class TokenEntries {
    private static final String[] PREFIXES = {"bearer.", "jwt-auth.", "jwt."};

    private TokenEntries() {
    }

    /** Whether a subprotocol entry carries a token; the prefix is matched in any case. */
    public static boolean isTokenBearing(String entry) {
        String lower = entry.toLowerCase(Locale.ROOT);
        for (String prefix : PREFIXES) {
            if (lower.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
