package dev.gatehouse.bench.quarkus;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The peer's wire format, as records that WebSockets Next's default codec (Jackson, through
 * {@code quarkus-jackson}, which the extension brings) reads and writes: the frame shapes the
 * benchmark's drivers expect from Gatehouse, without Gatehouse's extra fields.
 */
final class Frames {
    private Frames() {
    }

    /** A client frame: {@code {"type":..., "id":..., "data":...}}; other fields are ignored. */
    record In(String type, String id, JsonNode data) {
    }

    /** A server frame: {@code {"type":..., "data":..., "reply_to":...}}, {@code reply_to} only when there is one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Out(String type, Object data, @JsonProperty("reply_to") String replyTo) {
        static Out welcome(String connectionId, String userId) {
            return new Out("welcome", new Welcome(connectionId, userId), null);
        }

        static Out error(String code, String message, String replyTo) {
            return new Out("error", new Error(code, message), replyTo);
        }
    }

    /** The welcome's data. */
    record Welcome(@JsonProperty("connection_id") String connectionId, @JsonProperty("user_id") String userId) {
    }

    /** An error's data. */
    record Error(@JsonProperty("error_code") String code, @JsonProperty("error_message") String message) {
    }

    /** The fan-out frame: {@code {"type":"fan","data":{"text":...,"n":1},"timestamp":...}}. */
    record Fan(String type, FanData data, double timestamp) {
        static Fan now() {
            return new Fan("fan", new FanData("a message to everyone in the room", 1), System.currentTimeMillis() / 1000.0);
        }
    }

    /** The fan-out frame's data. */
    record FanData(String text, int n) {
    }
}
