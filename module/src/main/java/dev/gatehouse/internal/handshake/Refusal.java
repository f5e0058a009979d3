package dev.gatehouse.internal.handshake;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.internal.codec.JsonText;
import dev.gatehouse.spi.Verification;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP answer to a refused upgrade (PROTOCOL.md §1.3 and §1.4): status, the headers the case
 * calls for ({@code WWW-Authenticate}, {@code Retry-After}, ...) and a small JSON body
 * {@code {"error_code": ..., "error_message": ...}}. Every refusal also carries
 * {@code Connection: close}, added by whoever writes it.
 *
 * @param code the error code of the body, for the meters and the log
 * @param status the HTTP status
 * @param headers the headers particular to this refusal, by name
 * @param body the JSON body
 */
public record Refusal(String code, int status, Map<String, String> headers, String body) {
    /** Copies the headers. */
    public Refusal {
        headers = Map.copyOf(headers);
    }

    /**
     * The refusal for a rejected verification.
     *
     * @param rejected the rejection
     * @param tokenRejectStatus the status for token failures ({@code gatehouse.handshake.reject-status})
     */
    public static Refusal of(Verification.Rejected rejected, int tokenRejectStatus) {
        ErrorCode code = rejected.code();
        String body = body(code.name(), rejected.message());
        return switch (code) {
            case NO_TOKEN -> new Refusal(code.name(), tokenRejectStatus, Map.of("WWW-Authenticate", "Bearer"), body);
            case FORBIDDEN_ORIGIN -> new Refusal(code.name(), 403, Map.of(), body);
            case FORBIDDEN -> new Refusal(code.name(), 403, Map.of("WWW-Authenticate", "Bearer error=\"insufficient_scope\""), body);
            case CONNECTION_LIMIT -> connectionLimit(503, rejected.message());
            case SERVICE_UNAVAILABLE -> new Refusal(code.name(), 503, Map.of("Retry-After", "5"), body);
            default -> new Refusal(code.name(), tokenRejectStatus, Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""), body);
        };
    }

    /** An upgrade check's refusal: its status and code, and no header of its own. */
    public static Refusal of(Verification.Refused refused) {
        return new Refusal(refused.code(), refused.status(), Map.of(), body(refused.code(), refused.message()));
    }

    /** {@code CONNECTION_LIMIT} with 503 (the server is full) or 429 (the user is), and {@code Retry-After}. */
    public static Refusal connectionLimit(int status, String message) {
        String code = ErrorCode.CONNECTION_LIMIT.name();
        return new Refusal(code, status, Map.of("Retry-After", "5"), body(code, message));
    }

    /** A refusal of a request that is not a well-formed upgrade (§1.4), with a code of that table. */
    public static Refusal malformed(int status, String code, String message, Map<String, String> headers) {
        return new Refusal(code, status, headers, body(code, message));
    }

    /** The {@code WWW-Authenticate} value, if any. */
    public Optional<String> wwwAuthenticate() {
        return Optional.ofNullable(headers.get("WWW-Authenticate"));
    }

    private static String body(String code, String message) {
        return JsonText.object(96).field("error_code", code).field("error_message", message).end();
    }
}
