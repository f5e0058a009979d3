package dev.gatehouse.client.internal;

import dev.gatehouse.client.CloseStatus;
import dev.gatehouse.client.ReconnectPolicy;
import java.time.Duration;

/**
 * How a socket ended (or failed to open) and what follows: the close to report, the decision of
 * PROTOCOL §7, and the server's {@code Retry-After} when it sent one.
 *
 * @param status the close, {@code willReconnect} unless the decision is to stop
 * @param decision what follows
 * @param retryAfter the earliest reconnect the server allows, or null
 */
record Ending(CloseStatus status, Decision decision, Duration retryAfter) {

    /** {@return an ending without a {@code Retry-After}} */
    static Ending of(int code, String reason, boolean remote, Decision decision) {
        return of(code, reason, remote, decision, null);
    }

    /** {@return an ending; a reconnect follows unless the decision is to stop} */
    static Ending of(int code, String reason, boolean remote, Decision decision, Duration retryAfter) {
        return new Ending(new CloseStatus(code, reason, remote, decision != Decision.STOP), decision, retryAfter);
    }

    /** {@return the ending after a close frame or a lost connection, decided by its code and reason} */
    static Ending afterClose(int code, String reason, boolean remote, boolean byApplication, ReconnectPolicy policy) {
        return of(code, reason, remote, Decision.afterClose(code, reason, byApplication, policy));
    }

    /** {@return the close as reported, with whether a reconnect follows after all} */
    CloseStatus reported(boolean reconnect) {
        return new CloseStatus(status.code(), status.reason(), status.remote(), reconnect);
    }
}
