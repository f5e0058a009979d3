package dev.gatehouse;

import dev.gatehouse.spi.Backplane;
import java.util.Collection;
import java.util.Optional;

/**
 * The open (welcomed) connections. Lookups ({@link #byId}, {@link #byUser}, {@link #all},
 * {@link #count}) see this node's connections; sends and disconnects reach the connections of every
 * node of the cluster through its {@link Backplane} (at most once across nodes), and return what
 * happened on this node.
 */
public interface Connections {

    /**
     * The connection with this id, if it is open.
     *
     * @param connectionId the id, as in the welcome
     * @return the connection, or empty
     */
    Optional<Connection> byId(String connectionId);

    /**
     * The open connections of a user, possibly empty.
     *
     * @param userId the user ({@code sub})
     * @return the connections
     */
    Collection<Connection> byUser(String userId);

    /** {@return a snapshot of all open connections} */
    Collection<Connection> all();

    /** {@return how many connections are open} */
    int count();

    /**
     * Sends a frame to one connection, on whichever node holds it.
     *
     * @param connectionId the connection
     * @param type the message type
     * @param data the payload; null for none
     * @return whether it was queued here, or published to the other nodes (the connection is not here)
     */
    boolean sendTo(String connectionId, String type, Object data);

    /**
     * Sends a frame to every connection of a user, on every node: one copy per connection. With
     * users' history on ({@code gatehouse.history.users}) the frame is kept for recovery and
     * delivered, here too, once the history holds it (docs/PROTOCOL.md §3.6).
     *
     * @param userId the user ({@code sub})
     * @param type the message type
     * @param data the payload; null for none
     * @return how many connections of this node it was queued for, or, with history, will be
     */
    int sendToUser(String userId, String type, Object data);

    /**
     * Sends a frame to every open connection of every node.
     *
     * @param type the message type
     * @param data the payload; null for none
     * @return how many connections of this node it was queued for
     */
    int broadcast(String type, Object data);

    /**
     * Sends a frame to every member of a room, on every node; encoded once. In a room with history
     * ({@code gatehouse.history.rooms}) the frame gets the room's next offset and is delivered,
     * here too, once the history holds it; while the history store cannot be reached it is
     * delivered to no one, and counted ({@code gatehouse.history.append_failed}).
     *
     * @param room the room
     * @param type the message type
     * @param data the payload; null for none
     * @return how many connections of this node it was queued for
     * @throws IllegalArgumentException when the room name is not valid
     */
    default int sendToRoom(String room, String type, Object data) {
        return sendToRoom(room, type, data, null);
    }

    /**
     * Sends a frame to every member of a room but one (typically the sender), on every node.
     *
     * @param room the room
     * @param type the message type
     * @param data the payload; null for none
     * @param exceptConnectionId the connection left out; null for none
     * @return how many connections of this node it was queued for, or, in a room with history, will be
     * @throws IllegalArgumentException when the room name is not valid
     */
    int sendToRoom(String room, String type, Object data, String exceptConnectionId);

    /**
     * This node's connections in a room.
     *
     * @param room the room
     * @return the connections, possibly none
     */
    Collection<Connection> inRoom(String room);

    /**
     * Closes every connection of a user on every node (logout, a revoked token, a ban).
     *
     * @param userId the user ({@code sub})
     * @param code 1000, 1008 or 4000–4999
     * @param reason the close reason, for example {@code LOGGED_OUT}; at most 123 UTF-8 bytes
     * @return how many connections of this node are closing
     * @throws IllegalArgumentException for a reserved code or a reason too long
     */
    int disconnectUser(String userId, int code, String reason);

    /**
     * Closes one connection, on whichever node holds it.
     *
     * @param connectionId the connection
     * @param code 1000, 1008 or 4000–4999
     * @param reason the close reason; at most 123 UTF-8 bytes
     * @throws IllegalArgumentException for a reserved code or a reason too long
     */
    void disconnect(String connectionId, int code, String reason);

    /** {@return who is in the rooms whose presence is tracked, across every node} */
    Presence presence();
}
