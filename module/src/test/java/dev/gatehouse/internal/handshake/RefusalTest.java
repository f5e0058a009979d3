package dev.gatehouse.internal.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.spi.Verification;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PROTOCOL.md §1.3 row by row, with the token-failure status at its default and changed. */
class RefusalTest {
    private static final String INVALID = "Bearer error=\"invalid_token\"";

    @ParameterizedTest(name = "{0} with reject status {1}")
    @CsvSource(delimiter = '|', value = {
        "NO_TOKEN         | 401 | 401 | Bearer",
        "INVALID_TOKEN    | 401 | 401 | " + INVALID,
        "TOKEN_EXPIRED    | 401 | 401 | " + INVALID,
        "FORBIDDEN_ORIGIN | 401 | 403 | ",
        "FORBIDDEN        | 401 | 403 | Bearer error=\"insufficient_scope\"",
        "NO_TOKEN         | 403 | 403 | Bearer",
        "INVALID_TOKEN    | 403 | 403 | " + INVALID,
        "TOKEN_EXPIRED    | 400 | 400 | " + INVALID,
        "FORBIDDEN_ORIGIN | 400 | 403 | ",
        "FORBIDDEN        | 400 | 403 | Bearer error=\"insufficient_scope\""})
    void refusalFollowsTheProtocolTable(ErrorCode code, int rejectStatus, int status, String wwwAuthenticate) {
        Refusal refusal = Refusal.of(new Verification.Rejected(code, "why \"quoted\""), rejectStatus);
        assertEquals(status, refusal.status());
        assertEquals(Optional.ofNullable(wwwAuthenticate), refusal.wwwAuthenticate());
        JsonObject body = Json.createReader(new StringReader(refusal.body())).readObject();
        assertEquals(code.name(), body.getString("error_code"));
        assertEquals("why \"quoted\"", body.getString("error_message"));
        assertEquals(2, body.size());
    }

    @ParameterizedTest(name = "reject status {0}")
    @CsvSource({"401", "403"})
    void noKeysYetIs503WithRetryAfterWhateverTheTokenRejectStatus(int rejectStatus) {
        Refusal refusal = Refusal.of(new Verification.Rejected(ErrorCode.SERVICE_UNAVAILABLE, "no keys yet"), rejectStatus);
        assertEquals(503, refusal.status());
        assertEquals("5", refusal.headers().get("Retry-After"));
        assertEquals(Optional.empty(), refusal.wwwAuthenticate(), "not a token failure");
        JsonObject body = Json.createReader(new StringReader(refusal.body())).readObject();
        assertEquals("SERVICE_UNAVAILABLE", body.getString("error_code"));
    }
}
