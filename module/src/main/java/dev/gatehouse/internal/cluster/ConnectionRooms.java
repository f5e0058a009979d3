package dev.gatehouse.internal.cluster;

import dev.gatehouse.JoinDecision;
import dev.gatehouse.Rooms;
import dev.gatehouse.internal.lifecycle.ManagedConnection;
import java.util.Set;

/** One connection's {@link Rooms}; a refusal answers {@code replyTo} when given. A view, made per use. */
record ConnectionRooms(RoomRegistry registry, ManagedConnection connection, String replyTo) implements Rooms {

    @Override
    public JoinDecision join(String room) {
        return registry.join(connection, room, replyTo);
    }

    @Override
    public boolean leave(String room) {
        return registry.leave(connection, room);
    }

    @Override
    public Set<String> names() {
        return registry.roomsOf(connection);
    }
}
