package dev.gatehouse.spi;

import dev.gatehouse.PresenceCount;
import dev.gatehouse.PresenceMember;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Keeps the presence of every node (for a {@link Backplane} that offers it): which connections are
 * in which tracked room. Each node adds and removes its own members; the store forgets the members
 * of a node that stops refreshing them (a crash) within the node TTL. Calls never block. A read
 * made after {@link #add} or {@link #remove} returned sees this node's change (a member sees itself
 * once it has joined), however far the write to the store has got.
 */
public interface PresenceStore {

    /**
     * A connection of this node entered a tracked room.
     *
     * @param room the room
     * @param member the member, of this node
     */
    void add(String room, PresenceMember member);

    /**
     * A connection of this node left a tracked room, or closed.
     *
     * @param room the room
     * @param member the member, of this node
     */
    void remove(String room, PresenceMember member);

    /**
     * The members of a room on every live node.
     *
     * @param room the room
     * @return the members, in any order
     */
    CompletionStage<List<PresenceMember>> members(String room);

    /**
     * The counts of a room on every live node, computed where the members are kept.
     *
     * @param room the room
     * @return the counts
     */
    CompletionStage<PresenceCount> count(String room);
}
