package dev.gatehouse.client;

/**
 * The client gave up or was closed before what was waited for happened (a welcome, or a held
 * request's turn to be sent).
 */
public final class ClientStoppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param reason why the client stopped, as {@link GatehouseClient.Listener#onStopped(String)} reports it
     */
    public ClientStoppedException(String reason) {
        super(reason);
    }
}
