package dev.gatehouse.client;

import java.util.Objects;

/**
 * Where a client stands in a room's (or its user's) stream of frames (PROTOCOL §3.6): the epoch and
 * offset of the last frame it received from the stream, or of the last {@code room_recovery} event.
 *
 * @param epoch the life of the stream's history the offset belongs to
 * @param offset 1 for the epoch's first frame, one more for each after it
 */
public record Position(String epoch, long offset) {
    /**
     * Checks the epoch.
     *
     * @param epoch not null
     * @param offset any
     */
    public Position {
        Objects.requireNonNull(epoch, "epoch");
    }
}
