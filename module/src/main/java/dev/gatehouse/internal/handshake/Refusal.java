package dev.gatehouse.internal.handshake;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.Verification;
import dev.gatehouse.internal.codec.JsonText;
import java.util.Optional;

/**
 * The HTTP answer to a refused upgrade (PROTOCOL.md §1.3): status, {@code WWW-Authenticate} and a
 * small JSON body {@code {"error_code": ..., "error_message": ...}}.
 *
 * @param status the HTTP status
 * @param wwwAuthenticate the {@code WWW-Authenticate} value, if any
 * @param body the JSON body
 */
public record Refusal(int status, Optional<String> wwwAuthenticate, String body) {
    /**
     * The refusal for a rejected verification.
     *
     * @param rejected the rejection
     * @param tokenRejectStatus the status for token failures ({@code gatehouse.handshake.reject-status})
     */
    public static Refusal of(Verification.Rejected rejected, int tokenRejectStatus) {
        ErrorCode code = rejected.code();
        String body = JsonText.object(96)
                .field("error_code", code.name())
                .field("error_message", rejected.message())
                .end();
        return switch (code) {
            case NO_TOKEN -> new Refusal(tokenRejectStatus, Optional.of("Bearer"), body);
            case FORBIDDEN_ORIGIN -> new Refusal(403, Optional.empty(), body);
            case FORBIDDEN -> new Refusal(403, Optional.of("Bearer error=\"insufficient_scope\""), body);
            default -> new Refusal(tokenRejectStatus, Optional.of("Bearer error=\"invalid_token\""), body);
        };
    }
}
