package dev.gatehouse;

import java.util.concurrent.ConcurrentMap;

/** One WebSocket connection of an authenticated user. Thread-safe. */
public interface Connection {

    /** {@return the connection id, {@code ws_} followed by random characters; in every log line about it} */
    String id();

    /** {@return the user: the token's {@code sub}} */
    default String userId() {
        return token().subject();
    }

    /** {@return the verified token (its claims; the compact token is not kept)} */
    VerifiedToken token();

    /** {@return the connection's current state} */
    ConnectionState state();

    /** {@return the rooms the connection is in, to join and leave them} */
    Rooms rooms();

    /** {@return application state kept with the connection} */
    ConcurrentMap<String, Object> attributes();

    /**
     * Sends a frame, asynchronously; frames sent before the welcome wait for it. Returns false, and
     * sends nothing, once the connection is closing. A client that does not read while 1024 frames
     * wait for it is closed with 1013 {@link CloseReasons#SLOW_CONSUMER}: the frame that finds the
     * queue full is refused (false) and the waiting frames are dropped, so that no later frame
     * arrives without the ones before it. A failed write closes the same way.
     *
     * @param type the message type
     * @param data the payload, serialized with JSON-B; null for none
     * @return whether the frame was queued
     */
    boolean send(String type, Object data);

    /**
     * Closes the connection after the frames already queued. Does nothing when it is already
     * closing.
     *
     * @param code 1000, 1001, 1008, 1013 or 3000–4999 ({@link CloseCodes})
     * @param reason the close reason, at most 123 UTF-8 bytes; a code a client can act on is best
     * @throws IllegalArgumentException for a code the protocol reserves (1011 among them) or a reason too long
     */
    void close(int code, String reason);
}
