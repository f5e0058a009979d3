package dev.gatehouse;

/**
 * One connection in a room whose presence is tracked: a user with a phone and a laptop in the room
 * is two members with the same user id.
 *
 * @param userId the user ({@code sub})
 * @param connectionId the connection
 * @param nodeId the node that holds the connection
 */
public record PresenceMember(String userId, String connectionId, String nodeId) {
}
