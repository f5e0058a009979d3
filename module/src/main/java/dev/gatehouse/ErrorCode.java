package dev.gatehouse;

/**
 * The error codes of the Gatehouse wire protocol (PROTOCOL.md §1.3 and §3.4).
 *
 * <p>Each code knows whether a client may retry (§3.4: only what the server can know will pass
 * later: a time limit, a rate, the server's readiness or capacity) and which close code, if any,
 * follows it.
 * The code's {@link #name()} is what travels on the wire, both as {@code data.error_code}
 * and as the close reason.
 */
public enum ErrorCode {
    /** No token in any accepted place. */
    NO_TOKEN(false, CloseCodes.POLICY_VIOLATION),
    /** Malformed token, bad signature, disallowed algorithm, wrong issuer or audience. */
    INVALID_TOKEN(false, CloseCodes.POLICY_VIOLATION),
    /** The token is expired or not yet valid. */
    TOKEN_EXPIRED(false, CloseCodes.POLICY_VIOLATION),
    /**
     * The token, or its user's access, was revoked ({@link Revocations}): refused at the upgrade
     * and at {@code auth_refresh}; an open connection is closed with 1008.
     */
    TOKEN_REVOKED(false, CloseCodes.POLICY_VIOLATION),
    /** The {@code Origin} header is not on the allow-list. */
    FORBIDDEN_ORIGIN(false, CloseCodes.POLICY_VIOLATION),
    /**
     * A required group or scope is missing from the token: at the upgrade ({@code gatehouse.auth.required-groups}),
     * or, answering a frame with {@code reply_to}, for its type ({@link Requires}); then the
     * connection stays open.
     */
    FORBIDDEN(false, CloseCodes.POLICY_VIOLATION),
    /** Not JSON, not an object, or no valid {@code type}. The connection stays open. */
    MALFORMED_MESSAGE(false, CloseCodes.NONE),
    /** No handler for the type. The connection stays open. */
    UNKNOWN_TYPE(false, CloseCodes.NONE),
    /**
     * An application handler threw or failed. Not retryable: the same frame meets the same code
     * (the one exception, {@code room_members} whose presence could not be read, is sent retryable).
     * The connection stays open.
     */
    HANDLER_ERROR(false, CloseCodes.NONE),
    /** A handler did not finish within its time limit. The connection stays open. */
    HANDLER_TIMEOUT(true, CloseCodes.NONE),
    /** A binary frame. The connection stays open. */
    UNSUPPORTED_FRAME(false, CloseCodes.NONE),
    /** The client sends faster than its configured rate. The connection stays open. */
    RATE_LIMITED(true, CloseCodes.NONE),
    /**
     * The server refused to add the connection to a room: the room authorizer said no, the name is
     * not valid, or the connection holds its maximum of rooms. The connection stays open.
     */
    ROOM_FORBIDDEN(false, CloseCodes.NONE),
    /** A frame over the size limit; the connection is closed with 1009. */
    MESSAGE_TOO_LARGE(false, CloseCodes.TOO_BIG),
    /**
     * Readiness checks did not pass within their bound; the connection is closed with 1013. Also the
     * refusal of an upgrade while the server has no keys to verify tokens yet (a remote JWKS not
     * fetched yet): 503 with {@code Retry-After}, or 1013 in diagnostic mode.
     */
    SERVICE_UNAVAILABLE(true, CloseCodes.TRY_AGAIN_LATER),
    /**
     * The server or the user holds its maximum of connections. Refused before the upgrade (503 or
     * 429) where possible, else the connection is closed with 1013.
     */
    CONNECTION_LIMIT(true, CloseCodes.TRY_AGAIN_LATER);

    private final boolean retryable;
    private final int closeCode;

    ErrorCode(boolean retryable, int closeCode) {
        this.retryable = retryable;
        this.closeCode = closeCode;
    }

    /** {@return whether the same request may succeed if the client tries again later} */
    public boolean retryable() {
        return retryable;
    }

    /**
     * The close code that follows this error, or {@link CloseCodes#NONE} when the connection stays
     * open. The authentication codes close with 1008 only in diagnostic mode or mid-session.
     *
     * @return the close code
     */
    public int closeCode() {
        return closeCode;
    }

    /** {@return whether the connection stays open after this error} */
    public boolean keepsConnection() {
        return closeCode == CloseCodes.NONE;
    }
}
