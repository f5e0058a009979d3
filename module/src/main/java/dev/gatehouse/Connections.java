package dev.gatehouse;

import java.util.Collection;
import java.util.Optional;

/** The open (welcomed) connections, by id and by user. */
public interface Connections {

    /** The connection with this id, if it is open. */
    Optional<Connection> byId(String connectionId);

    /** The open connections of a user, possibly empty. */
    Collection<Connection> byUser(String userId);

    /** A snapshot of all open connections. */
    Collection<Connection> all();

    /** How many connections are open. */
    int count();

    /**
     * Sends a frame to one connection.
     *
     * @return whether it was queued
     */
    default boolean sendTo(String connectionId, String type, Object data) {
        return byId(connectionId).map(c -> c.send(type, data)).orElse(false);
    }

    /**
     * Sends a frame to every connection of a user.
     *
     * @return how many connections it was queued for
     */
    default int sendToUser(String userId, String type, Object data) {
        return (int) byUser(userId).stream().filter(c -> c.send(type, data)).count();
    }

    /**
     * Sends a frame to every open connection.
     *
     * @return how many connections it was queued for
     */
    default int broadcast(String type, Object data) {
        return (int) all().stream().filter(c -> c.send(type, data)).count();
    }
}
