package dev.gatehouse.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.client.ReconnectPolicy;
import dev.gatehouse.client.harness.Policies;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The reconnect table of the client spec, row by row. */
class DecisionTest {
    private static final ReconnectPolicy ON = ReconnectPolicy.backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
    private static final ReconnectPolicy LOGOUT_TOO = Policies.backoffReconnectingAfter(Duration.ofMillis(500),
            Duration.ofSeconds(30), (code, reason) -> code == 4001);

    @ParameterizedTest(name = "{0} {1} by the server -> {2}")
    @CsvSource({
        "1008, TOKEN_EXPIRED, TOKEN_FAILURE",
        "1008, INVALID_TOKEN, TOKEN_FAILURE",
        "1008, NO_TOKEN, TOKEN_FAILURE",
        "1008, FORBIDDEN, TOKEN_FAILURE",
        "1008, TOKEN_REVOKED, TOKEN_FAILURE",
        "1008, FORBIDDEN_ORIGIN, STOP",
        "1013, SERVICE_UNAVAILABLE, BACK_OFF_LONGER",
        "1013, CONNECTION_LIMIT, BACK_OFF_LONGER",
        "1013, SLOW_CONSUMER, BACK_OFF_LONGER",
        "1001, SERVER_SHUTDOWN, RECONNECT",
        "1000, IDLE_TIMEOUT, RECONNECT",
        "1000, HEARTBEAT_TIMEOUT, RECONNECT",
        "1000, '', STOP",
        "1000, LOGGED_OUT, STOP",
        "4001, LOGGED_OUT, STOP",
        "4999, BANNED, STOP",
        "1006, '', RECONNECT",
        "1006, HEARTBEAT_TIMEOUT, RECONNECT",
        "1011, '', RECONNECT",
        "1009, MESSAGE_TOO_LARGE, RECONNECT",
        "1002, PROTOCOL_ERROR, RECONNECT",
    })
    void closeByTheServer(int code, String reason, Decision expected) {
        assertEquals(expected, Decision.afterClose(code, reason, false, ON));
    }

    @ParameterizedTest(name = "{0} {1} with reconnecting off -> {2}")
    @CsvSource({
        "1001, SERVER_SHUTDOWN, STOP",
        "1006, '', STOP",
        "1013, CONNECTION_LIMIT, STOP",
        "1008, TOKEN_EXPIRED, TOKEN_FAILURE",
    })
    void closeWithReconnectingOff(int code, String reason, Decision expected) {
        assertEquals(expected, Decision.afterClose(code, reason, false, ReconnectPolicy.none()));
    }

    @ParameterizedTest(name = "{0} {1} by the application -> STOP")
    @CsvSource({"1000, ''", "1001, SERVER_SHUTDOWN", "1006, ''", "4001, LOGGED_OUT"})
    void closeByTheApplicationStaysClosed(int code, String reason) {
        assertEquals(Decision.STOP, Decision.afterClose(code, reason, true, ON));
    }

    @ParameterizedTest(name = "{0} {1} with an application policy -> {2}")
    @CsvSource({"4001, LOGGED_OUT, RECONNECT", "4002, BANNED, STOP", "1000, '', STOP"})
    void applicationPolicyDecidesItsCodes(int code, String reason, Decision expected) {
        assertEquals(expected, Decision.afterClose(code, reason, false, LOGOUT_TOO));
    }

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @CsvSource({"401, TOKEN_FAILURE", "403, TOKEN_FAILURE", "429, BACK_OFF_LONGER", "503, BACK_OFF_LONGER",
        "404, RECONNECT", "500, RECONNECT", "408, RECONNECT"})
    void refusedHandshake(int status, Decision expected) {
        assertEquals(expected, Decision.afterRefusal(status, ON));
    }

    @ParameterizedTest(name = "HTTP {0} with reconnecting off -> {1}")
    @CsvSource({"401, TOKEN_FAILURE", "503, STOP", "500, STOP"})
    void refusedHandshakeWithReconnectingOff(int status, Decision expected) {
        assertEquals(expected, Decision.afterRefusal(status, ReconnectPolicy.none()));
    }

}
