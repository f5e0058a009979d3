package dev.gatehouse;

import dev.gatehouse.spi.RoomAuthorizer;
import java.util.Set;

/**
 * The rooms of one connection: named groups that server code puts it in, so that one send reaches
 * every member on every node ({@link Connections#sendToRoom}). A connection leaves all its rooms
 * when it closes. Room names are 1 to 128 characters out of {@code [A-Za-z0-9_.:@=+-]}, for example
 * {@code chat:lobby}. Thread-safe.
 */
public interface Rooms {

    /**
     * Puts the connection in a room, after the application's {@link RoomAuthorizer} allowed it.
     * A refusal (the authorizer's, an invalid name, or the connection's maximum of rooms, {@code
     * gatehouse.rooms.max-per-connection}) is also sent to the client as an {@code error_message}
     * {@code ROOM_FORBIDDEN}, with {@code reply_to} when joined while handling a client frame; the
     * connection stays open. Joining a room the connection is in already is allowed and changes
     * nothing. A join to a room with history ({@code gatehouse.history.rooms}) reads the room's
     * position from the history store before it returns (one round trip to Redis; at most
     * {@code gatehouse.history.timeout}), so that every frame sent to the room after it returns
     * reaches the connection.
     *
     * @param room the room name
     * @return the decision: allowed (the connection is a member now) or refused, with the reason
     */
    JoinDecision join(String room);

    /**
     * Takes the connection out of a room.
     *
     * @param room the room name
     * @return whether it was a member
     */
    boolean leave(String room);

    /** {@return the rooms the connection is in, a snapshot} */
    Set<String> names();

    /**
     * Whether a text is a valid room name.
     *
     * @param room the text
     * @return true for 1 to 128 characters out of {@code [A-Za-z0-9_.:@=+-]}
     */
    static boolean isValidName(String room) {
        if (room == null || room.isEmpty() || room.length() > 128) {
            return false;
        }
        for (int i = 0; i < room.length(); i++) {
            char c = room.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "_.:@=+-".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
