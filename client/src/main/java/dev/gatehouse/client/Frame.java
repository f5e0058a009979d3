package dev.gatehouse.client;

import jakarta.json.JsonObject;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One frame received from the server (PROTOCOL §2).
 *
 * @param type the frame's {@code type}
 * @param data the frame's {@code data}, an empty object when the frame has none
 * @param id the frame's {@code id}, if any
 * @param replyTo the frame's {@code reply_to}: the {@code id} of the client frame that caused it
 * @param timestamp the frame's {@code timestamp} in seconds since the epoch, if any
 * @param text the frame's text as received
 */
public record Frame(String type, JsonObject data, Optional<String> id, Optional<String> replyTo,
        OptionalDouble timestamp, String text) {


    /**
     * {@return the string member {@code name} of {@code data}, if it is a string}
     *
     * @param name the member's name
     */
    public Optional<String> string(String name) {
        return data.get(name) instanceof jakarta.json.JsonString s ? Optional.of(s.getString()) : Optional.empty();
    }
}
