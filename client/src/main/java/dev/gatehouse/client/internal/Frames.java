package dev.gatehouse.client.internal;

import dev.gatehouse.client.Frame;
import dev.gatehouse.client.Position;
import dev.gatehouse.client.PresenceEvent;
import dev.gatehouse.client.Protocol;
import dev.gatehouse.client.RoomMember;
import dev.gatehouse.client.RoomRecovery;
import dev.gatehouse.client.Welcome;
import jakarta.json.JsonArray;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** Reads and writes the envelope (PROTOCOL §2) and the protocol's own frames. */
final class Frames {
    /** Looked up once: {@code Json.createReader} would search the service loader on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final JsonReaderFactory READERS = JSON.createReaderFactory(Map.of());
    private static final JsonBuilderFactory BUILDERS = JSON.createBuilderFactory(Map.of());

    private Frames() {
    }

    /**
     * Parses a frame the server sent.
     *
     * @param text the frame's text
     * @return the frame, or empty when the text is not a JSON object with a string {@code type}
     */
    static Optional<Frame> parse(String text) {
        return parseObject(text).flatMap(object -> frame(object, text));
    }

    /**
     * Reads a frame the server sent, parsed.
     *
     * @param object the frame's JSON object
     * @param text the frame's text
     * @return the frame, or empty when the object has no string {@code type}
     */
    static Optional<Frame> frame(JsonObject object, String text) {
        if (!(object.get("type") instanceof JsonString type)) {
            return Optional.empty();
        }
        JsonObject data = object.get("data") instanceof JsonObject d ? d : JsonValue.EMPTY_JSON_OBJECT;
        OptionalDouble timestamp = object.get("timestamp") instanceof JsonNumber n
                ? OptionalDouble.of(n.doubleValue()) : OptionalDouble.empty();
        return Optional.of(new Frame(type.getString(), data, string(object, "id"), string(object, "reply_to"),
                timestamp, text));
    }

    /**
     * Parses a JSON object.
     *
     * @param text the text
     * @return the object, or empty when the text is not one JSON object
     */
    static Optional<JsonObject> parseObject(String text) {
        try (JsonReader reader = READERS.createReader(new StringReader(text))) {
            return reader.readValue() instanceof JsonObject o ? Optional.of(o) : Optional.empty();
        } catch (JsonException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    /**
     * Writes a client frame.
     *
     * @param type the type
     * @param data the data, or null for none
     * @param id the correlation id, or null for none
     * @return the frame's text
     */
    static String encode(String type, JsonObject data, String id) {
        JsonObjectBuilder b = BUILDERS.createObjectBuilder().add("type", type);
        if (data != null) {
            b.add("data", data);
        }
        if (id != null) {
            b.add("id", id);
        }
        return b.build().toString();
    }

    /** {@return a builder of a JSON object} */
    static JsonObjectBuilder objectBuilder() {
        return BUILDERS.createObjectBuilder();
    }

    /**
     * {@return the stream and position of a frame sent to a room or a user with history (PROTOCOL
     * §3.6): a string {@code room} (or a {@code user}), a string {@code epoch} and an integer
     * {@code offset} at the top level; empty for any other frame}
     *
     * @param envelope the frame's JSON object
     */
    static Optional<Positions.Stamp> stamp(JsonObject envelope) {
        Optional<String> room = string(envelope, "room");
        Optional<String> epoch = string(envelope, "epoch");
        OptionalLong offset = integer(envelope, "offset");
        if (epoch.isEmpty() || offset.isEmpty() || room.isEmpty() && !envelope.containsKey("user")
                || room.isPresent() && room.get().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Positions.Stamp(room.orElse(""), new Position(epoch.get(), offset.getAsLong())));
    }

    /**
     * {@return the event in a {@code room_recovery} frame; empty when it names neither a room nor a user}
     *
     * @param data the frame's data
     */
    static Optional<RoomRecovery> recovery(JsonObject data) {
        Optional<String> room = string(data, "room").filter(r -> !r.isEmpty());
        if (room.isEmpty() && !data.containsKey("user")) {
            return Optional.empty();
        }
        Optional<String> epoch = string(data, "epoch");
        OptionalLong offset = integer(data, "offset");
        Optional<Position> position = epoch.isPresent() && offset.isPresent()
                ? Optional.of(new Position(epoch.get(), offset.getAsLong())) : Optional.empty();
        return Optional.of(new RoomRecovery(room.orElse(""), room.isPresent() ? "" : string(data, "user").orElse(""),
                data.get("recovered") == JsonValue.TRUE, string(data, "reason"),
                integer(data, "replayed").orElse(0), position));
    }

    /**
     * {@return a JSON object with one string member}
     *
     * @param name the member's name
     * @param value its value
     */
    static JsonObject object(String name, String value) {
        return BUILDERS.createObjectBuilder().add(name, value).build();
    }

    /**
     * {@return the system event's name when the frame is a {@code system_message}}
     *
     * @param frame the frame
     */
    static Optional<String> event(Frame frame) {
        return Protocol.SYSTEM_MESSAGE.equals(frame.type()) ? string(frame.data(), "event") : Optional.empty();
    }

    /**
     * {@return the welcome in a {@code connection_established} frame, empty when a field is missing}
     *
     * @param data the frame's data
     */
    static Optional<Welcome> welcome(JsonObject data) {
        Optional<String> connectionId = string(data, "connection_id");
        Optional<String> userId = string(data, "user_id");
        if (connectionId.isEmpty() || userId.isEmpty()) {
            return Optional.empty();
        }
        JsonObject config = data.get("config") instanceof JsonObject c ? c : JsonValue.EMPTY_JSON_OBJECT;
        double heartbeat = number(config, "heartbeat_interval_seconds").orElse(0);
        return Optional.of(new Welcome(connectionId.get(), userId.get(), instant(data, "token_expires_at"),
                Duration.ofMillis(Math.round(heartbeat * 1000)), (int) number(config, "max_message_size_bytes").orElse(0),
                (int) number(data, "protocol_version").orElse(Protocol.VERSION),
                instant(data, "server_time").orElse(Instant.now()), data));
    }

    /**
     * {@return the presence event in a {@code member_joined} / {@code member_left} frame}
     *
     * @param data the frame's data
     */
    static PresenceEvent presence(JsonObject data) {
        return new PresenceEvent(string(data, "room").orElse(""), string(data, "user_id").orElse(""),
                string(data, "connection_id").orElse(""));
    }

    /**
     * {@return the members listed by a {@code room_members} answer (PROTOCOL §4)}
     *
     * @param answer the answer
     * @throws IllegalStateException when the answer is not a {@code room_members} frame with a list of members
     */
    static List<RoomMember> members(Frame answer) {
        if (!Protocol.ROOM_MEMBERS.equals(answer.type()) || !(answer.data().get("members") instanceof JsonArray list)) {
            throw new IllegalStateException("room_members was answered by an unexpected frame: " + answer.text());
        }
        List<RoomMember> members = new ArrayList<>(list.size());
        for (JsonValue entry : list) {
            if (entry instanceof JsonObject member) {
                members.add(new RoomMember(string(member, "user_id").orElse(""),
                        string(member, "connection_id").orElse("")));
            }
        }
        return List.copyOf(members);
    }

    /**
     * {@return an instant member written as ISO-8601, if present and readable}
     *
     * @param data the object
     * @param name the member's name
     */
    static Optional<Instant> instant(JsonObject data, String name) {
        try {
            return string(data, name).map(Instant::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * {@return a number member, if present}
     *
     * @param data the object
     * @param name the member's name
     */
    static OptionalDouble number(JsonObject data, String name) {
        return data.get(name) instanceof JsonNumber n ? OptionalDouble.of(n.doubleValue()) : OptionalDouble.empty();
    }

    /** {@return an integer member that fits a long, if present} */
    private static OptionalLong integer(JsonObject data, String name) {
        if (data.get(name) instanceof JsonNumber n && n.isIntegral()) {
            try {
                return OptionalLong.of(n.longValueExact());
            } catch (ArithmeticException e) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }

    private static Optional<String> string(JsonObject data, String name) {
        return data.get(name) instanceof JsonString s ? Optional.of(s.getString()) : Optional.empty();
    }
}
