package dev.gatehouse;

/**
 * The error codes a handler may answer a frame with ({@link MessageContext#replyError}): those
 * after which the connection stays open (PROTOCOL.md §3.4). The codes that close a connection are
 * Gatehouse's own to send.
 */
public enum ReplyErrorCode {
    /** The frame's {@code data} does not make sense to the handler. */
    MALFORMED_MESSAGE(ErrorCode.MALFORMED_MESSAGE),
    /** Nothing handles this type (what the default fallback answers). */
    UNKNOWN_TYPE(ErrorCode.UNKNOWN_TYPE),
    /** The handler failed; sent not retryable (the same frame would fail again). */
    HANDLER_ERROR(ErrorCode.HANDLER_ERROR),
    /** The handler did not finish in time; the client may retry. */
    HANDLER_TIMEOUT(ErrorCode.HANDLER_TIMEOUT),
    /** The client sends faster than the application allows; it may retry later. */
    RATE_LIMITED(ErrorCode.RATE_LIMITED),
    /** The connection may not join the room it asked for. */
    ROOM_FORBIDDEN(ErrorCode.ROOM_FORBIDDEN),
    /**
     * The connection's token lacks a group or scope this frame needs (what a handler's
     * {@link Requires} answers). Answering a frame, the connection stays open.
     */
    FORBIDDEN(ErrorCode.FORBIDDEN);

    private final ErrorCode code;

    ReplyErrorCode(ErrorCode code) {
        this.code = code;
    }

    /** {@return the protocol's code, which travels on the wire} */
    public ErrorCode code() {
        return code;
    }
}
