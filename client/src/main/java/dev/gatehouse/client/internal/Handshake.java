package dev.gatehouse.client.internal;

import dev.gatehouse.client.Protocol;
import java.net.http.WebSocket;
import java.time.Instant;

/**
 * Opening one WebSocket with a token (PROTOCOL §1.1: a {@code bearer.<jwt>} subprotocol entry beside
 * {@code gatehouse.v1}, or an {@code Authorization} header), and what a handshake that failed means
 * (PROTOCOL §7). It opens connections, so the session calls it without its lock.
 */
final class Handshake {
    private Handshake() {
    }

    /**
     * Starts the handshake; a failure reaches the socket's session as {@link Socket.Events#failed}.
     *
     * @param settings the endpoint, the HTTP client and where the token goes
     * @param next the socket, with its token
     * @throws IllegalArgumentException when the token cannot be a subprotocol entry or a header
     */
    static void open(Settings settings, Socket next) {
        WebSocket.Builder b = settings.http().newWebSocketBuilder().connectTimeout(settings.connectTimeout());
        if (settings.tokenInHeader()) {
            b.header("Authorization", "Bearer " + next.token).subprotocols(Protocol.SUBPROTOCOL);
        } else {
            b.subprotocols(Protocol.SUBPROTOCOL, Protocol.BEARER_PREFIX + next.token);
        }
        b.buildAsync(settings.uri(), next).whenComplete((ws, error) -> {
            if (error != null) {
                next.fail(error);
            }
        });
    }

    /**
     * A handshake that failed: by its HTTP status when there is one; without one (the server was not
     * reached), a token whose {@code exp} has passed is a token failure, anything else a server that
     * is down.
     *
     * @param failed the socket that never opened
     * @param error why
     * @param settings the reconnect policy
     * @return the ending
     */
    static Ending failed(Socket failed, Throwable error, Settings settings) {
        Refusal r = Refusal.of(error);
        if (r.status() > 0) {
            Decision decision = Decision.afterRefusal(r.status(), settings.reconnect());
            return Ending.of(Protocol.ABNORMAL, r.code(), true, decision, r.retryAfter());
        }
        if (TokenExpiry.hasPassed(failed.token, Instant.now())) {
            return Ending.of(Protocol.ABNORMAL, Protocol.TOKEN_EXPIRED, true, Decision.TOKEN_FAILURE);
        }
        return Ending.of(Protocol.ABNORMAL, "", true, settings.reconnect().enabled() ? Decision.RECONNECT : Decision.STOP);
    }
}
