package dev.gatehouse.client;

/**
 * One member of a room as the server's {@code room_members} answer lists it (PROTOCOL §4): one entry
 * per connection, so a user with two connections in the room is listed twice.
 *
 * @param userId the member's user
 * @param connectionId the member's connection
 */
public record RoomMember(String userId, String connectionId) {
}
