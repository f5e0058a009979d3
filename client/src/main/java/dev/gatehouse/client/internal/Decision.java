package dev.gatehouse.client.internal;

import dev.gatehouse.client.Protocol;
import dev.gatehouse.client.ReconnectPolicy;

/**
 * What the client does after a connection ended or a handshake failed: the reconnect table of the
 * client spec, in one place.
 */
enum Decision {
    /** Reconnect after the usual backoff. */
    RECONNECT,
    /** Reconnect after a longer backoff (the server asked to try again later). */
    BACK_OFF_LONGER,
    /** The token was refused: reconnect only with a different token from the token source. */
    TOKEN_FAILURE,
    /** Stay closed. */
    STOP;

    /**
     * The decision after a close frame, or a lost connection (1006).
     *
     * @param code the close code
     * @param reason the close reason
     * @param byApplication whether this client's application closed it
     * @param policy the reconnect policy
     * @return what to do
     */
    static Decision afterClose(int code, String reason, boolean byApplication, ReconnectPolicy policy) {
        if (byApplication) {
            return STOP;
        }
        Decision decision = byCode(code, reason, policy);
        return decision == TOKEN_FAILURE || policy.enabled() ? decision : STOP;
    }

    /**
     * The decision after the server refused the upgrade with an HTTP status.
     *
     * @param status the status
     * @param policy the reconnect policy
     * @return what to do
     */
    static Decision afterRefusal(int status, ReconnectPolicy policy) {
        if (status == 401 || status == 403) {
            return TOKEN_FAILURE;
        }
        if (!policy.enabled()) {
            return STOP;
        }
        return status == 429 || status == 503 ? BACK_OFF_LONGER : RECONNECT;
    }

    private static Decision byCode(int code, String reason, ReconnectPolicy policy) {
        switch (code) {
            case Protocol.NORMAL:
                return Protocol.IDLE_TIMEOUT.equals(reason) || Protocol.HEARTBEAT_TIMEOUT.equals(reason)
                        || policy.reconnectAfterServerClose(code, reason) ? RECONNECT : STOP;
            case Protocol.POLICY:
                return Protocol.FORBIDDEN_ORIGIN.equals(reason) ? STOP : TOKEN_FAILURE;
            case Protocol.TRY_AGAIN_LATER:
                return BACK_OFF_LONGER;
            default:
                if (code >= 4000 && code <= 4999) {
                    return policy.reconnectAfterServerClose(code, reason) ? RECONNECT : STOP;
                }
                return RECONNECT;
        }
    }
}
