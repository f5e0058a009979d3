package dev.gatehouse;

/**
 * How many are in a room whose presence is tracked, across every node.
 *
 * @param connections the member connections
 * @param users the distinct users among them
 */
public record PresenceCount(int connections, int users) {
}
