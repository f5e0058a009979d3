package dev.gatehouse;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Who is in a room, across every node, for rooms whose presence is tracked ({@code
 * gatehouse.presence.rooms}). Answers come asynchronously (from the backplane, over the network in a
 * cluster) and never block the caller; a backplane that cannot be reached fails the stage.
 */
public interface Presence {

    /**
     * The members of a room.
     *
     * @param room a room whose presence is tracked
     * @return the members, one per connection, ordered by user id then connection id
     * @throws IllegalArgumentException when presence is not tracked for the room
     */
    CompletionStage<List<PresenceMember>> members(String room);

    /**
     * How many are in a room, without fetching its members.
     *
     * @param room a room whose presence is tracked
     * @return the counts
     * @throws IllegalArgumentException when presence is not tracked for the room
     */
    CompletionStage<PresenceCount> count(String room);

    /**
     * Whether presence is tracked for a room.
     *
     * @param room the room name
     * @return whether it matches a pattern of {@code gatehouse.presence.rooms}
     */
    boolean isTracked(String room);
}
