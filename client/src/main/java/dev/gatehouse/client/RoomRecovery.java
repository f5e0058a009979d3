package dev.gatehouse.client;

import java.util.Optional;

/**
 * A {@code room_recovery} event (PROTOCOL §3.6): after a reconnect, whether the frames the client
 * missed in a room (or in its user's stream) were sent to it; also sent while connected when the
 * server could not fill a gap.
 *
 * <p>With {@code recovered} true, every missed frame came before this event, in order, and the
 * listeners saw each once. With {@code recovered} false none did: frames were lost for this client
 * and the application must reload the room's state from its own source of truth (its database,
 * an HTTP call), since no later frame will bring the missed ones.
 *
 * @param room the Gatehouse room, as the server names it (the {@code room} of its frames, for example
 *     {@code chat:lobby}); empty for the user's stream
 * @param user the user whose stream it is; empty for a room
 * @param recovered whether every missed frame was sent
 * @param reason why not, when not recovered: {@code epoch_changed}, {@code too_far_behind},
 *     {@code expired} or {@code unavailable}
 * @param replayed how many missed frames the server sent (0 when not recovered)
 * @param position the stream's position once the event arrived, which the client takes as its own;
 *     empty when the server could not read the room's history (the client then forgets its position
 *     and takes the next frame's)
 */
public record RoomRecovery(String room, String user, boolean recovered, Optional<String> reason, long replayed,
        Optional<Position> position) {

    /** {@return whether this is the user's stream rather than a room} */
    public boolean userStream() {
        return room.isEmpty();
    }
}
