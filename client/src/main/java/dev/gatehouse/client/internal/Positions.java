package dev.gatehouse.client.internal;

import dev.gatehouse.client.Position;
import dev.gatehouse.client.Protocol;
import dev.gatehouse.client.RoomRecovery;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the client stands in each room's stream of frames and in its user's stream (PROTOCOL §3.6,
 * §7): the epoch and offset of the last frame received from it, the frames that repeat one already
 * received (dropped before the listeners), the last {@code room_recovery} of each, and the
 * {@code recover} frame a welcome is answered with when the server keeps history.
 *
 * <p>Rooms are keyed as the server names them (the {@code room} of their frames). A room the
 * application left is forgotten, and its frames are not tracked until it joins it again (a frame
 * already on its way would otherwise bring the position back, and a later join would recover from
 * it). Guarded by the session's lock: every method is called with it held, and none does I/O.
 */
final class Positions {
    /** By room, in the order first heard. */
    private final Map<String, Stream> rooms = new LinkedHashMap<>();
    /** The rooms the application left and has not joined again. */
    private final Set<String> left = new HashSet<>();
    /** The user's stream. */
    private final Stream user = new Stream();
    /** The connection id of the last welcome; null before the first. */
    private String lastConnectionId;

    /**
     * A received frame's stream and position.
     *
     * @param room the room; empty for the user's stream
     * @param position the frame's epoch and offset
     */
    record Stamp(String room, Position position) {
    }

    /**
     * Takes a frame's position as the stream's, unless the frame repeats one already received: its
     * offset is not greater than the one held for the same epoch. A different epoch replaces the
     * position (the stream's history began again).
     *
     * @param stamp the frame's stream and position
     * @return false for a repeat, to drop before the listeners
     */
    boolean acceptLocked(Stamp stamp) {
        Stream stream = streamLocked(stamp.room(), true);
        if (stream == null) {
            return true; // a room the application left: delivered, not tracked
        }
        Position held = stream.position;
        Position now = stamp.position();
        if (held != null && held.epoch().equals(now.epoch()) && now.offset() <= held.offset()) {
            return false;
        }
        stream.position = now;
        return true;
    }

    /**
     * A {@code room_recovery}: its position becomes the stream's (the server's word on where the
     * client stands once the event arrived, whatever came before), and it is kept as the last one.
     * Without a position (the server could not read the room's history) the held one is forgotten,
     * and the next frame's is taken (PROTOCOL §3.6).
     *
     * @param recovery the event
     */
    void recoveredLocked(RoomRecovery recovery) {
        Stream stream = streamLocked(recovery.room(), true);
        if (stream != null) {
            stream.position = recovery.position().orElse(null);
            stream.recovery = recovery;
        }
    }

    /**
     * The application joins a room: its frames are tracked again.
     *
     * @param room the room, as the server names it
     */
    void joinedLocked(String room) {
        left.remove(room);
    }

    /**
     * The application left a room: its position and last recovery are forgotten.
     *
     * @param room the room, as the server names it
     */
    void leftLocked(String room) {
        rooms.remove(room);
        left.add(room);
    }

    /**
     * A welcome: when the server keeps history, the {@code recover} frame stating every position
     * held and the previous connection's id (PROTOCOL §3.6, §4), each part left out when there is
     * none (so {@code {}} on a first connect, which also lets the server send the user's direct
     * frames at once); nothing when the server keeps no history.
     *
     * @param connectionId the welcome's connection id
     * @param recovery whether the welcome's {@code config} has {@code recovery: true}
     * @return the frame's text, to send before anything else on the connection
     */
    Optional<String> welcomedLocked(String connectionId, boolean recovery) {
        String previous = lastConnectionId;
        lastConnectionId = connectionId;
        if (!recovery) {
            return Optional.empty();
        }
        JsonObjectBuilder held = Frames.objectBuilder();
        rooms.forEach((room, stream) -> {
            if (stream.position != null) {
                held.add(room, json(stream.position));
            }
        });
        JsonObject positions = held.build();
        JsonObjectBuilder data = Frames.objectBuilder();
        if (!positions.isEmpty()) {
            data.add("rooms", positions);
        }
        if (user.position != null) {
            data.add("user", json(user.position));
        }
        if (previous != null) {
            data.add("previous_connection_id", previous);
        }
        return Optional.of(Frames.encode(Protocol.RECOVER, data.build(), null));
    }

    /**
     * {@return the position held for a stream}
     *
     * @param room the room; empty for the user's stream
     */
    Optional<Position> positionLocked(String room) {
        return Optional.ofNullable(streamLocked(room, false)).map(s -> s.position);
    }

    /**
     * {@return the last {@code room_recovery} of a stream, while the room is joined}
     *
     * @param room the room; empty for the user's stream
     */
    Optional<RoomRecovery> recoveryLocked(String room) {
        return Optional.ofNullable(streamLocked(room, false)).map(s -> s.recovery);
    }

    /** The stream of a room (null for one the application left, or one not heard of unless created). */
    private Stream streamLocked(String room, boolean create) {
        if (room.isEmpty()) {
            return user;
        }
        if (left.contains(room)) {
            return null;
        }
        return create ? rooms.computeIfAbsent(room, r -> new Stream()) : rooms.get(room);
    }

    private static JsonObject json(Position p) {
        return Frames.objectBuilder().add("epoch", p.epoch()).add("offset", p.offset()).build();
    }

    /** One stream's state. */
    private static final class Stream {
        /** The last frame's (or the last recovery's) position; null before either. */
        Position position;
        /** The last {@code room_recovery}; null before one. */
        RoomRecovery recovery;
    }
}
