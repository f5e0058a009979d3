package dev.gatehouse.client;

import jakarta.json.JsonObject;
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
}
