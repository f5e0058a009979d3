package dev.gatehouse;

import java.util.Collection;
import java.util.Optional;

/** The open (welcomed) connections, by id and by user. */
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
     * Sends a frame to one connection.
     *
     * @param connectionId the connection
     * @param type the message type
     * @param data the payload; null for none
     * @return whether it was queued
     */
    default boolean sendTo(String connectionId, String type, Object data) {
        return byId(connectionId).map(c -> c.send(type, data)).orElse(false);
    }

    /**
     * Sends a frame to every connection of a user.
     *
     * @param userId the user ({@code sub})
     * @param type the message type
     * @param data the payload; null for none
     * @return how many connections it was queued for
     */
    default int sendToUser(String userId, String type, Object data) {
        return (int) byUser(userId).stream().filter(c -> c.send(type, data)).count();
    }

    /**
     * Sends a frame to every open connection.
     *
     * @param type the message type
     * @param data the payload; null for none
     * @return how many connections it was queued for
     */
    default int broadcast(String type, Object data) {
        return (int) all().stream().filter(c -> c.send(type, data)).count();
    }
}
