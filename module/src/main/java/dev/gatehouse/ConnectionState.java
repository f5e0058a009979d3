package dev.gatehouse;

/**
 * The states of a connection, in order: CONNECTING, AUTHENTICATED, OPEN, READY, CLOSING, CLOSED.
 * A connection moves one step forward at a time, may go to CLOSING or CLOSED from any open state,
 * and never goes back.
 */
public enum ConnectionState {
    /** The handshake is in progress. */
    CONNECTING,
    /** The token is verified. */
    AUTHENTICATED,
    /** The WebSocket is open; readiness checks and setup are running. */
    OPEN,
    /** The welcome frame is sent; frames are routed. */
    READY,
    /** A close is under way. */
    CLOSING,
    /** Closed; final. */
    CLOSED;

    /**
     * Whether a connection in this state may move to {@code next}.
     *
     * @param next the state after this one
     * @return whether that is a legal step
     */
    public boolean canMoveTo(ConnectionState next) {
        return switch (next) {
            case CONNECTING -> false;
            case AUTHENTICATED, OPEN, READY -> next.ordinal() == ordinal() + 1;
            case CLOSING -> this != CLOSING && this != CLOSED;
            case CLOSED -> this != CLOSED;
        };
    }
}
