package dev.gatehouse.client;

/**
 * A presence event, {@code member_joined} or {@code member_left} (PROTOCOL §3.5).
 *
 * @param room the Gatehouse room, for example {@code chat:lobby}
 * @param userId the member's user
 * @param connectionId the member's connection
 */
public record PresenceEvent(String room, String userId, String connectionId) {
}
