package dev.gatehouse.internal.lifecycle;

import java.util.function.Consumer;

/**
 * The container-specific side of one connection: the only place Gatehouse touches a WebSocket
 * session. Implementations are thread-safe.
 */
public interface Transport {

    /**
     * Sends one text frame asynchronously.
     *
     * @param text the frame
     * @param done called once with null on success or the failure; an {@link java.io.IOException}
     *     when the connection is gone (the peer went away, or the container closed it)
     */
    void sendText(String text, Consumer<Throwable> done);

    /** Sends a WebSocket ping frame; failures are ignored (the heartbeat notices). */
    void sendPing();

    /**
     * Sends a close frame and closes; failures are ignored.
     *
     * @param code the close code
     * @param reason the close reason
     */
    void close(int code, String reason);
}
