package dev.gatehouse.client;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The names of docs/PROTOCOL.md: subprotocol, frame types, system events, error codes, close codes
 * and their reasons. A test reads the tables of PROTOCOL.md and checks these against them.
 */
public final class Protocol {
    /** The plain application subprotocol the client offers and the server selects (§1.1). */
    public static final String SUBPROTOCOL = "gatehouse.v1";
    /** The prefix of the subprotocol entry that carries the token (§1.1). */
    public static final String BEARER_PREFIX = "bearer.";
    /** The protocol version this client speaks (§3.1). */
    public static final int VERSION = 1;

    /** Type of the server's system events (§3.1, §3.2, §3.5). */
    public static final String SYSTEM_MESSAGE = "system_message";
    /** Type of the server's errors (§3.4). */
    public static final String ERROR_MESSAGE = "error_message";
    /** Client frame answered by {@link #PONG} (§4). */
    public static final String PING = "ping";
    /** Answer to {@link #PING} (§3.3). */
    public static final String PONG = "pong";
    /** Client frame with a new token (§4). */
    public static final String AUTH_REFRESH = "auth_refresh";
    /** Client frame with the positions to recover from, first after a welcome with history (§3.6, §4). */
    public static final String RECOVER = "recover";
    /** Client frame asking for a room's members, and the type of its answer (§4). */
    public static final String ROOM_MEMBERS = "room_members";

    /** System event: the welcome (§3.1). */
    public static final String CONNECTION_ESTABLISHED = "connection_established";
    /** System event: the token expires soon (§3.2). */
    public static final String SESSION_EXPIRING = "session_expiring";
    /** System event: the answer to {@link #AUTH_REFRESH} (§3.2). */
    public static final String TOKEN_REFRESHED = "token_refreshed";
    /** System event: a member joined a room (§3.5). */
    public static final String MEMBER_JOINED = "member_joined";
    /** System event: a member left a room (§3.5). */
    public static final String MEMBER_LEFT = "member_left";
    /** System event: whether the frames missed in a room or the user's stream were sent (§3.6). */
    public static final String ROOM_RECOVERY = "room_recovery";
    /** Every system event. */
    public static final Set<String> SYSTEM_EVENTS = Set.of(CONNECTION_ESTABLISHED, SESSION_EXPIRING, TOKEN_REFRESHED,
            MEMBER_JOINED, MEMBER_LEFT, ROOM_RECOVERY);

    /** Recovery reason (§3.6): the stream's history was lost since the client's position. */
    public static final String EPOCH_CHANGED = "epoch_changed";
    /** Recovery reason (§3.6): more frames were missed than one recovery may send. */
    public static final String TOO_FAR_BEHIND = "too_far_behind";
    /** Recovery reason (§3.6): the history no longer holds every missed frame. */
    public static final String EXPIRED = "expired";
    /** Recovery reason (§3.6): the history store could not be read in time. */
    public static final String UNAVAILABLE = "unavailable";
    /** Every reason of a {@code room_recovery} with {@code recovered: false} (§3.6), in the table's order. */
    public static final List<String> RECOVERY_REASONS = List.of(EPOCH_CHANGED, TOO_FAR_BEHIND, EXPIRED, UNAVAILABLE);

    /** Error code (§3.4): not JSON, not an object, no valid type. */
    public static final String MALFORMED_MESSAGE = "MALFORMED_MESSAGE";
    /** Error code (§3.4): no handler for the type. */
    public static final String UNKNOWN_TYPE = "UNKNOWN_TYPE";
    /** Error code (§3.4): an application handler threw or failed. */
    public static final String HANDLER_ERROR = "HANDLER_ERROR";
    /** Error code (§3.4): a handler did not finish in its time limit. */
    public static final String HANDLER_TIMEOUT = "HANDLER_TIMEOUT";
    /** Error code (§3.4): a binary frame. */
    public static final String UNSUPPORTED_FRAME = "UNSUPPORTED_FRAME";
    /** Error code (§3.4): the client sends faster than its rate. */
    public static final String RATE_LIMITED = "RATE_LIMITED";
    /** Error code (§3.4): the server refused a room join. */
    public static final String ROOM_FORBIDDEN = "ROOM_FORBIDDEN";
    /** Error code and close reason (§3.4, §5): a frame over the size limit. */
    public static final String MESSAGE_TOO_LARGE = "MESSAGE_TOO_LARGE";
    /**
     * Error code, refusal code and close reason (§1.3, §3.4, §5): readiness checks did not pass, or the
     * server has no keys to verify tokens yet.
     */
    public static final String SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE";
    /** Error code, refusal code and close reason (§1.3, §3.4, §5): a connection limit. */
    public static final String CONNECTION_LIMIT = "CONNECTION_LIMIT";
    /** Error code, refusal code and close reason (§1.3, §3.4, §5): the token expired. */
    public static final String TOKEN_EXPIRED = "TOKEN_EXPIRED";
    /** Error code, refusal code and close reason (§1.3, §3.4, §5): the token, or its user's access, was revoked. */
    public static final String TOKEN_REVOKED = "TOKEN_REVOKED";
    /** Error code, refusal code and close reason (§1.3, §3.4, §5): the token is not valid. */
    public static final String INVALID_TOKEN = "INVALID_TOKEN";
    /** Error code, refusal code and close reason (§1.3, §3.4, §5): no token. */
    public static final String NO_TOKEN = "NO_TOKEN";
    /** Error code, refusal code and close reason (§1.3, §3.4, §5): the origin is not allowed. */
    public static final String FORBIDDEN_ORIGIN = "FORBIDDEN_ORIGIN";
    /** Error code, refusal code and close reason (§1.3, §3.4, §5): a required role or scope is missing. */
    public static final String FORBIDDEN = "FORBIDDEN";
    /** Every error code of an {@code error_message} (§3.4), in the table's order. */
    public static final List<String> ERROR_CODES = List.of(MALFORMED_MESSAGE, UNKNOWN_TYPE, HANDLER_ERROR,
            HANDLER_TIMEOUT, UNSUPPORTED_FRAME, RATE_LIMITED, ROOM_FORBIDDEN, MESSAGE_TOO_LARGE, SERVICE_UNAVAILABLE,
            CONNECTION_LIMIT, TOKEN_EXPIRED, TOKEN_REVOKED, INVALID_TOKEN, NO_TOKEN, FORBIDDEN_ORIGIN, FORBIDDEN);
    /**
     * The codes of a refused handshake's body that Gatehouse itself sends (§1.3, §1.4); an
     * application's upgrade check may refuse with a code of its own.
     */
    public static final Set<String> HANDSHAKE_CODES = Set.of(NO_TOKEN, INVALID_TOKEN, TOKEN_EXPIRED, TOKEN_REVOKED,
            FORBIDDEN_ORIGIN, FORBIDDEN, CONNECTION_LIMIT, SERVICE_UNAVAILABLE, "UPGRADE_CHECK_FAILED", "NOT_FOUND",
            "BAD_HANDSHAKE", "UNSUPPORTED_VERSION", "HANDSHAKE_TIMEOUT");

    /** Close reason (1000): no frame for the idle timeout. */
    public static final String IDLE_TIMEOUT = "IDLE_TIMEOUT";
    /** Close reason (1000): a ping went unanswered; also reported locally when the server went silent. */
    public static final String HEARTBEAT_TIMEOUT = "HEARTBEAT_TIMEOUT";
    /** Close reason (1001): the server is shutting down. */
    public static final String SERVER_SHUTDOWN = "SERVER_SHUTDOWN";
    /** Close reason (1002): the client broke RFC 6455. */
    public static final String PROTOCOL_ERROR = "PROTOCOL_ERROR";
    /** Close reason (1007): not valid UTF-8. */
    public static final String INVALID_PAYLOAD = "INVALID_PAYLOAD";
    /** Close reason (1013): the client stopped reading. */
    public static final String SLOW_CONSUMER = "SLOW_CONSUMER";

    /** Close code: normal close by either side. */
    public static final int NORMAL = 1000;
    /** Close code: server shutting down. */
    public static final int GOING_AWAY = 1001;
    /** Close code: protocol error. */
    public static final int PROTOCOL_ERROR_CODE = 1002;
    /** Close code: no close frame (never sent; reported locally for a lost connection). */
    public static final int ABNORMAL = 1006;
    /** Close code: invalid payload. */
    public static final int INVALID_PAYLOAD_CODE = 1007;
    /** Close code: policy (token). */
    public static final int POLICY = 1008;
    /** Close code: frame too large. */
    public static final int TOO_LARGE = 1009;
    /** Close code: the server itself broke. */
    public static final int INTERNAL_ERROR = 1011;
    /** Close code: try again later. */
    public static final int TRY_AGAIN_LATER = 1013;

    /** The reasons each close code of §5 carries, by code (1011 and 4000–4999 name none). */
    public static final Map<Integer, Set<String>> CLOSE_REASONS = Map.of(
            NORMAL, Set.of(IDLE_TIMEOUT, HEARTBEAT_TIMEOUT),
            GOING_AWAY, Set.of(SERVER_SHUTDOWN),
            PROTOCOL_ERROR_CODE, Set.of(PROTOCOL_ERROR),
            INVALID_PAYLOAD_CODE, Set.of(INVALID_PAYLOAD),
            POLICY, Set.of(TOKEN_EXPIRED, TOKEN_REVOKED, INVALID_TOKEN, NO_TOKEN, FORBIDDEN_ORIGIN, FORBIDDEN),
            TOO_LARGE, Set.of(MESSAGE_TOO_LARGE),
            TRY_AGAIN_LATER, Set.of(SERVICE_UNAVAILABLE, CONNECTION_LIMIT, SLOW_CONSUMER));

    private Protocol() {
    }
}
