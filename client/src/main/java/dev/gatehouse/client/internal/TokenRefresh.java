package dev.gatehouse.client.internal;

import dev.gatehouse.client.Frame;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The session's token and its refresh in band (PROTOCOL §3.2, §4): on {@code session_expiring} a
 * token from the source goes as {@code auth_refresh} unless it is the session's or the one already
 * in flight; {@code token_refreshed} makes it the session's; an {@code error_message} answering it
 * (INVALID_TOKEN) leaves the session's token and expiry as they were. Guarded by the session's lock;
 * it calls nothing.
 */
final class TokenRefresh {
    /** The token the server holds for this session (the handshake's, or the last one refreshed). */
    private String sessionToken;
    /** The {@code auth_refresh} in flight: its id and its token; null when none is. */
    private String id;
    private String token;

    /** A welcome: the server holds the handshake's token. */
    void welcomedLocked(String handshakeToken) {
        sessionToken = handshakeToken;
    }

    /**
     * Starts a refresh, unless the token is no news.
     *
     * @param fresh the token source's token
     * @param ids a fresh request id
     * @return the {@code auth_refresh}'s id, or empty when there is nothing to send
     */
    Optional<String> startLocked(String fresh, Supplier<String> ids) {
        if (fresh.equals(sessionToken) || fresh.equals(token)) {
            return Optional.empty();
        }
        id = ids.get();
        token = fresh;
        return Optional.of(id);
    }

    /** {@code token_refreshed}: the token in flight is the session's. */
    void refreshedLocked() {
        if (token != null) {
            sessionToken = token;
        }
        clearLocked();
    }

    /** An {@code error_message}: when it answers the refresh, the session keeps its old token. */
    void erroredLocked(Frame error) {
        if (id != null && error.replyTo().filter(id::equals).isPresent()) {
            clearLocked();
        }
    }

    /** The connection ended (or was refused the refresh): nothing is in flight. */
    void clearLocked() {
        id = null;
        token = null;
    }
}
