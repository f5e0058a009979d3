package dev.gatehouse.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The frames of PROTOCOL.md §3, exactly, at a fixed time. */
class ProtocolFramesTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00.123Z");
    private final ProtocolFrames frames = frames(NOW);

    @Test
    void welcomeCarriesEveryFieldOfSection31() {
        assertEquals("{\"type\":\"system_message\",\"data\":{\"event\":\"connection_established\","
                + "\"connection_id\":\"ws_abc\",\"user_id\":\"alice\",\"connection_ready\":true,"
                + "\"server_time\":\"2026-11-22T10:00:00.123Z\",\"protocol_version\":1,"
                + "\"token_expires_at\":\"2026-11-22T11:00:00Z\","
                + "\"config\":{\"heartbeat_interval_seconds\":25,\"max_message_size_bytes\":65536}},"
                + "\"timestamp\":1795341600.123}",
                frames.welcome("ws_abc", "alice", Instant.parse("2026-11-22T11:00:00.999Z")));
    }

    @Test
    void errorFrameCarriesRetryableAndEmptyDetailsAndReplyTo() {
        assertEquals("{\"type\":\"error_message\",\"data\":{\"error_code\":\"UNKNOWN_TYPE\","
                + "\"error_message\":\"No handler for type 'chat.sned'\",\"retryable\":false,\"details\":{}},"
                + "\"reply_to\":\"42\",\"timestamp\":1795341600.123}",
                frames.error(ErrorCode.UNKNOWN_TYPE, "No handler for type 'chat.sned'", "42"));
        assertEquals("{\"type\":\"error_message\",\"data\":{\"error_code\":\"HANDLER_TIMEOUT\","
                + "\"error_message\":\"slow\",\"retryable\":true,\"details\":{}},\"timestamp\":1795341600.123}",
                frames.error(ErrorCode.HANDLER_TIMEOUT, "slow", null));
    }

    @Test
    void errorMessageTextIsEscaped() {
        assertEquals("{\"type\":\"error_message\",\"data\":{\"error_code\":\"HANDLER_ERROR\","
                + "\"error_message\":\"a \\\"quoted\\\" \\\\ line\\n\",\"retryable\":false,\"details\":{}},"
                + "\"timestamp\":1795341600.123}",
                frames.error(ErrorCode.HANDLER_ERROR, "a \"quoted\" \\ line\n", null));
    }

    @Test
    void handlerErrorIsNotRetryableUnlessTheServerKnowsTheFailurePasses() {
        assertTrue(frames.error(ErrorCode.HANDLER_ERROR, "Handler for type 'x' failed", "1").contains("\"retryable\":false"));
        assertTrue(frames.error(ErrorCode.HANDLER_ERROR, true, "The room's members could not be read; try again", "1")
                .contains("\"retryable\":true"));
        assertTrue(frames.error(ErrorCode.HANDLER_TIMEOUT, "slow", "1").contains("\"retryable\":true"));
    }

    @Test
    void pongCarriesTheServerTimeAndReplyTo() {
        assertEquals("{\"type\":\"pong\",\"data\":{\"server_time\":\"2026-11-22T10:00:00.123Z\"},"
                + "\"reply_to\":\"p1\",\"timestamp\":1795341600.123}", frames.pong("p1"));
        assertEquals("{\"type\":\"pong\",\"data\":{\"server_time\":\"2026-11-22T10:00:00.123Z\"},"
                + "\"timestamp\":1795341600.123}", frames.pong(null));
    }

    @Test
    void sessionExpiringCarriesExpiresAtAndSecondsLeft() {
        assertEquals("{\"type\":\"system_message\",\"data\":{\"event\":\"session_expiring\","
                + "\"expires_at\":\"2026-11-22T10:01:00Z\",\"seconds_left\":60},\"timestamp\":1795341600.123}",
                frames(Instant.parse("2026-11-22T10:00:00.123Z")).sessionExpiring(Instant.parse("2026-11-22T10:01:00Z")));
        assertEquals("{\"type\":\"system_message\",\"data\":{\"event\":\"session_expiring\","
                + "\"expires_at\":\"2026-11-22T10:00:00Z\",\"seconds_left\":0},\"timestamp\":1795341600.123}",
                frames.sessionExpiring(Instant.parse("2026-11-22T10:00:00Z")), "never a negative count");
    }

    @Test
    void tokenRefreshedCarriesTheNewExpiryAndReplyTo() {
        assertEquals("{\"type\":\"system_message\",\"data\":{\"event\":\"token_refreshed\","
                + "\"expires_at\":\"2026-11-22T12:00:00Z\"},\"reply_to\":\"r1\",\"timestamp\":1795341600.123}",
                frames.tokenRefreshed(Instant.parse("2026-11-22T12:00:00Z"), "r1"));
    }

    @Test
    void timestampIsSecondsWithExactlyThreeDecimals() {
        assertEquals("1.005", timestamp(1005));
        assertEquals("12.120", timestamp(12_120));
        assertEquals("0.000", timestamp(0));
        assertEquals("7.099", timestamp(7099));
        assertEquals("1795341600.100", timestamp(1_795_341_600_100L));
    }

    @Test
    void applicationFrameCarriesItsDataAndReplyTo() {
        assertEquals("{\"type\":\"chat.message\",\"data\":{\"text\":\"hi\"},\"reply_to\":\"9\","
                + "\"timestamp\":1795341600.123}", frames.frame("chat.message", java.util.Map.of("text", "hi"), "9"));
        assertEquals("{\"type\":\"tick\",\"timestamp\":1795341600.123}", frames.frame("tick", null, null));
    }

    private static String timestamp(long epochMillis) {
        String frame = frames(Instant.ofEpochMilli(epochMillis)).pong(null);
        return frame.substring(frame.indexOf("\"timestamp\":") + 12, frame.length() - 1);
    }

    private static ProtocolFrames frames(Instant now) {
        return new ProtocolFrames(new EnvelopeCodec(32, 64), Clock.fixed(now, ZoneOffset.UTC), Duration.ofSeconds(25), 65536);
    }
}
