package dev.gatehouse;

import java.util.concurrent.ConcurrentMap;

/** One WebSocket connection of an authenticated user. Thread-safe. */
public interface Connection {

    /** The connection id, {@code ws_} followed by random characters; in every log line about it. */
    String id();

    /** The user: the token's {@code sub}. */
    default String userId() {
        return token().subject();
    }

    /** The verified token (its claims; the compact token is not kept). */
    VerifiedToken token();

    /** The connection's current state. */
    ConnectionState state();

    /** Application state kept with the connection (for example the chat rooms it joined). */
    ConcurrentMap<String, Object> attributes();

    /**
     * Sends a frame. Frames sent before the welcome wait for it.
     *
     * @param type the message type
     * @param data the payload, serialized with JSON-B; null for none
     * @return false when the connection is closing or its send queue is full
     */
    boolean send(String type, Object data);

    /**
     * Closes the connection after the frames already queued.
     *
     * @param code the close code ({@link CloseCodes})
     * @param reason the close reason, at most 123 UTF-8 bytes
     */
    void close(int code, String reason);
}
