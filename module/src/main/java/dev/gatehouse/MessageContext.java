package dev.gatehouse;

import java.util.Optional;

/** What a handler knows about the frame it handles, and how it answers. Valid during the call and after. */
public interface MessageContext {

    /** {@return the connection the frame came from} */
    Connection connection();

    /** {@return the frame's correlation {@code id}, if the client sent one} */
    Optional<String> messageId();

    /**
     * Answers the frame: sends a frame to this connection with {@code reply_to} set to the frame's id.
     *
     * @param type the message type of the answer
     * @param data the payload, serialized with JSON-B; null for none
     * @return false when the connection is closing or its send queue is full, or when the frame was
     *     already answered {@code HANDLER_TIMEOUT} at its time limit (a request gets one answer)
     */
    boolean reply(String type, Object data);

    /**
     * Answers the frame with an {@code error_message} of the given code; the connection stays open.
     *
     * @param code the code, one of those that keep the connection
     * @param message a human-readable explanation, shown to the client (never a secret or a stack trace)
     * @return false when the connection is closing or its send queue is full, or when the frame was
     *     already answered {@code HANDLER_TIMEOUT} at its time limit
     */
    boolean replyError(ReplyErrorCode code, String message);

    /**
     * Sends a frame to every other open connection of the same user.
     *
     * @param type the message type
     * @param data the payload; null for none
     * @return how many connections the frame was queued for
     */
    int sendToOtherConnections(String type, Object data);

    /**
     * The rooms of the connection the frame came from; a join refused here answers this frame's
     * {@code id} with {@code ROOM_FORBIDDEN}.
     *
     * @return the connection's rooms
     */
    Rooms rooms();

    /** {@return all open connections, to send to other users} */
    Connections connections();
}
