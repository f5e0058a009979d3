package dev.gatehouse.client;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;

/**
 * An {@code error_message} from the server (PROTOCOL §3.4).
 *
 * @param errorCode the code, one of {@link Protocol#ERROR_CODES} or an application's
 * @param message the human-readable text
 * @param retryable whether sending the same frame again may succeed
 * @param details further data; an empty object when there is none
 * @param replyTo the {@code id} of the client frame it answers, if any
 */
public record ErrorReply(String errorCode, String message, boolean retryable, JsonObject details,
        Optional<String> replyTo) {

    /**
     * The error an {@code error_message} frame carries; a field that is missing or of another JSON
     * type reads as empty ({@code ""}, not retryable, no details).
     *
     * @param frame an {@code error_message} frame
     * @return its error
     */
    public static ErrorReply of(Frame frame) {
        JsonObject d = frame.data();
        JsonObject details = d.get("details") instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
        return new ErrorReply(text(d, "error_code"), text(d, "error_message"), d.get("retryable") == JsonValue.TRUE,
                details, frame.replyTo());
    }

    private static String text(JsonObject data, String name) {
        return data.get(name) instanceof JsonString s ? s.getString() : "";
    }
}
