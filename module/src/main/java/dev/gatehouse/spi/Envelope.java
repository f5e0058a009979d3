package dev.gatehouse.spi;

import jakarta.json.JsonObject;
import java.util.Objects;
import java.util.Optional;

/**
 * One decoded client frame (PROTOCOL.md §2): its {@code type}, its {@code data} object and the
 * client's optional correlation {@code id}. Unknown top-level fields are dropped.
 *
 * @param type the message type, matching {@code [a-z][a-z0-9_.:-]{0,63}}
 * @param data the payload, an empty object when the frame had none
 * @param id the client's correlation id, or null
 */
public record Envelope(String type, JsonObject data, String id) {

    /**
     * Rejects a null type or data.
     *
     * @param type the message type
     * @param data the payload
     * @param id the correlation id, or null
     */
    public Envelope {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }

    /** {@return the correlation id, if the client sent one} */
    public Optional<String> correlationId() {
        return Optional.ofNullable(id);
    }
}
