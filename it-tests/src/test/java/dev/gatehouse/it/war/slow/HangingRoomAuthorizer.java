package dev.gatehouse.it.war.slow;

import dev.gatehouse.Connection;
import dev.gatehouse.JoinDecision;
import dev.gatehouse.spi.RoomAuthorizer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Hangs on a join of {@value #HANGS} (a permission service that does not answer), refuses the
 * rooms starting with {@code staff:}, allows the others.
 */
@ApplicationScoped
public class HangingRoomAuthorizer implements RoomAuthorizer {
    /** The room whose joins hang. */
    public static final String HANGS = "hang-room";

    @Override
    public JoinDecision authorize(Connection connection, String room) {
        if (room.equals(HANGS)) {
            Hang.await("authorizer");
            return JoinDecision.allow();
        }
        return room.startsWith("staff:") ? JoinDecision.refuse("staff only") : JoinDecision.allow();
    }
}
