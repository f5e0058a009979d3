package dev.gatehouse.client.internal;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The rooms to join again after every reconnect's welcome (PROTOCOL §7), in the order they were
 * joined, each with the application's join frame. Guarded by the session's lock; a re-join is only
 * queued on the socket ({@link Socket#enqueue}, no I/O).
 */
final class Rooms {
    private final Map<String, Join> joins = new LinkedHashMap<>();

    void rememberLocked(Join join) {
        joins.put(join.room(), join);
    }

    void forgetLocked(String room) {
        joins.remove(room);
    }

    /** {@return the rooms, in the order they were joined; a copy} */
    Set<String> namesLocked() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(joins.keySet()));
    }

    /**
     * After a welcome: queues each room's join as a request ahead of the held frames, except the
     * rooms whose join is itself held (it goes out with them). A refused re-join reaches
     * {@code onError} as every {@code error_message} does.
     *
     * @param to the ready socket
     * @param outgoing the held frames and pending requests
     * @param ids fresh request ids
     * @param timeout the request timeout
     */
    void rejoinLocked(Socket to, Outgoing outgoing, Supplier<String> ids, Duration timeout) {
        Set<String> held = outgoing.heldRoomsLocked();
        joins.values().stream().filter(j -> !held.contains(j.room())).forEach(j -> {
            String id = ids.get();
            outgoing.sendFirstLocked(Frames.encode(j.type(), j.data(), id), new Outgoing.Request(j.type(), id, timeout), to);
        });
    }

    /**
     * A room's join frame.
     *
     * @param room the room
     * @param type the frame's type
     * @param data the frame's data
     */
    record Join(String room, String type, JsonObject data) {
    }
}
