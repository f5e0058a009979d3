package dev.gatehouse.client;

/** The connection a request went out on closed before the answer came; requests are never re-sent. */
public final class ConnectionClosedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** How the connection ended. */
    private final transient CloseStatus status;

    /**
     * Creates the exception.
     *
     * @param status how the connection ended
     */
    public ConnectionClosedException(CloseStatus status) {
        super("Connection closed (" + status.code() + " " + status.reason() + ") before the answer");
        this.status = status;
    }

    /** {@return how the connection ended} */
    public CloseStatus status() {
        return status;
    }
}
