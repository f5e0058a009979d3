package dev.gatehouse.internal.lifecycle;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;

/** Reads the frames a test saw written. */
public final class Frames {
    private Frames() {
    }

    /** A frame as JSON. */
    public static JsonObject parse(String frame) {
        try (JsonReader reader = Json.createReader(new StringReader(frame))) {
            return reader.readObject();
        }
    }

    /**
     * A frame in a few words, for asserting sequences: the event of a {@code system_message}
     * ({@code "connection_established"}), {@code "error CODE"} for an {@code error_message}, else
     * the type; followed by {@code " reply_to=ID"} when the frame answers one.
     */
    public static String summary(String frame) {
        JsonObject json = parse(frame);
        String type = json.getString("type");
        String what = switch (type) {
            case "system_message" -> json.getJsonObject("data").getString("event");
            case "error_message" -> "error " + json.getJsonObject("data").getString("error_code");
            default -> type;
        };
        return json.containsKey("reply_to") ? what + " reply_to=" + json.getString("reply_to") : what;
    }
}
