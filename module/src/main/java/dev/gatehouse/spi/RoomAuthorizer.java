package dev.gatehouse.spi;

import dev.gatehouse.Connection;
import dev.gatehouse.JoinDecision;
import dev.gatehouse.Rooms;

/**
 * Decides whether a connection may join a room. Called on the thread that calls {@link Rooms#join},
 * outside every Gatehouse lock; it should answer quickly (it runs inside a handler's time). One per
 * application: set it with {@code Gatehouse.Builder.roomAuthorizer}, register it with
 * {@link java.util.ServiceLoader}, or, in a WAR, make it a CDI bean. Without one, every valid room
 * name is allowed. An authorizer that throws refuses the join (and is logged as a WARNING).
 */
@FunctionalInterface
public interface RoomAuthorizer {

    /**
     * Decides on one join.
     *
     * @param connection the connection that would join, with its verified token
     * @param room the room, a valid name
     * @return {@link JoinDecision#allow()} or {@link JoinDecision#refuse(String)}
     */
    JoinDecision authorize(Connection connection, String room);
}
