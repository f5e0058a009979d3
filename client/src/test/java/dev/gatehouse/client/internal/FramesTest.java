package dev.gatehouse.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.client.ErrorReply;
import dev.gatehouse.client.Frame;
import dev.gatehouse.client.Position;
import dev.gatehouse.client.PresenceEvent;
import dev.gatehouse.client.RoomRecovery;
import dev.gatehouse.client.Welcome;
import jakarta.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FramesTest {

    @Test
    void envelopeFieldsAreRead() {
        String text = "{\"type\":\"echo\",\"data\":{\"a\":1},\"id\":\"s1\",\"reply_to\":\"7\",\"timestamp\":1795341600.456,\"x\":true}";
        Frame f = Frames.parse(text).orElseThrow();
        assertEquals("echo", f.type());
        assertEquals(1, f.data().getInt("a"));
        assertEquals(Optional.of("s1"), f.id());
        assertEquals(Optional.of("7"), f.replyTo());
        assertEquals(1795341600.456, f.timestamp().getAsDouble(), 1e-6);
        assertEquals(text, f.text());
    }

    @Test
    void missingOptionalFieldsAreEmpty() {
        Frame f = Frames.parse("{\"type\":\"pong\"}").orElseThrow();
        assertTrue(f.data().isEmpty());
        assertFalse(f.id().isPresent());
        assertFalse(f.replyTo().isPresent());
        assertFalse(f.timestamp().isPresent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[1,2]", "\"type\"", "{\"type\":3}", "{\"data\":{}}", "{\"type\":\"a\""})
    void textThatIsNotAnEnvelopeIsNoFrame(String text) {
        assertTrue(Frames.parse(text).isEmpty(), text);
    }

    @Test
    void clientFramesAreWrittenWithTheirOptionalParts() {
        assertEquals("{\"type\":\"ping\"}", Frames.encode("ping", null, null));
        String text = Frames.encode("chat.join", Frames.object("room", "lobby"), "4");
        Frame back = Frames.parse(text).orElseThrow();
        assertEquals("chat.join", back.type());
        assertEquals("lobby", back.data().getString("room"));
        assertEquals(Optional.of("4"), back.id());
    }

    @Test
    void welcomeIsReadFromItsData() {
        String text = "{\"type\":\"system_message\",\"data\":{\"event\":\"connection_established\","
                + "\"connection_id\":\"ws_1\",\"user_id\":\"alice\",\"connection_ready\":true,"
                + "\"server_time\":\"2026-11-22T10:00:00.123Z\",\"protocol_version\":1,"
                + "\"token_expires_at\":\"2026-11-22T11:00:00Z\","
                + "\"config\":{\"heartbeat_interval_seconds\":25,\"max_message_size_bytes\":65536}},"
                + "\"timestamp\":1795341600.123}";
        Frame f = Frames.parse(text).orElseThrow();
        assertEquals(Optional.of("connection_established"), Frames.event(f));
        Welcome w = Frames.welcome(f.data()).orElseThrow();
        assertEquals("ws_1", w.connectionId());
        assertEquals("alice", w.userId());
        assertEquals(Optional.of(Instant.parse("2026-11-22T11:00:00Z")), w.tokenExpiresAt());
        assertEquals(Duration.ofSeconds(25), w.heartbeatInterval());
        assertEquals(65536, w.maxMessageSizeBytes());
        assertEquals(1, w.protocolVersion());
        assertEquals(Instant.parse("2026-11-22T10:00:00.123Z"), w.serverTime());
        assertFalse(w.recovery());
    }

    @Test
    void welcomeOfAServerWithHistorySaysRecovery() {
        Welcome w = Frames.welcome(Frames.parseObject("{\"connection_id\":\"ws_1\",\"user_id\":\"alice\","
                + "\"config\":{\"heartbeat_interval_seconds\":25,\"recovery\":true}}").orElseThrow()).orElseThrow();
        assertTrue(w.recovery());
    }

    @Test
    void welcomeWithoutExpiryOrHeartbeat() {
        Welcome w = Frames.welcome(Json.createObjectBuilder().add("connection_id", "ws_2").add("user_id", "bob")
                .add("server_time", "2026-11-22T10:00:00Z").build()).orElseThrow();
        assertEquals(Optional.empty(), w.tokenExpiresAt());
        assertEquals(Duration.ZERO, w.heartbeatInterval());
        assertTrue(Frames.welcome(Json.createObjectBuilder().add("user_id", "bob").build()).isEmpty());
    }

    @Test
    void errorMessageIsReadWithItsReplyTo() {
        Frame f = Frames.parse("{\"type\":\"error_message\",\"data\":{\"error_code\":\"UNKNOWN_TYPE\","
                + "\"error_message\":\"No handler\",\"retryable\":true,\"details\":{\"k\":\"v\"}},\"reply_to\":\"42\"}")
                .orElseThrow();
        ErrorReply e = ErrorReply.of(f);
        assertEquals("UNKNOWN_TYPE", e.errorCode());
        assertEquals("No handler", e.message());
        assertTrue(e.retryable());
        assertEquals("v", e.details().getString("k"));
        assertEquals(Optional.of("42"), e.replyTo());
    }

    @Test
    void presenceEventIsRead() {
        Frame f = Frames.parse("{\"type\":\"system_message\",\"data\":{\"event\":\"member_joined\",\"room\":\"chat:lobby\","
                + "\"user_id\":\"alice\",\"connection_id\":\"ws_3\"}}").orElseThrow();
        assertEquals(Optional.of("member_joined"), Frames.event(f));
        assertEquals(new PresenceEvent("chat:lobby", "alice", "ws_3"), Frames.presence(f.data()));
    }

    private static Optional<Positions.Stamp> stamp(String text) {
        return Frames.stamp(Frames.parseObject(text).orElseThrow());
    }

    @Test
    void roomFramePositionIsReadFromTheTopLevel() {
        assertEquals(Optional.of(new Positions.Stamp("chat:lobby", new Position("k3j9x2", 57))),
                stamp("{\"type\":\"chat.message\",\"data\":{\"text\":\"hi\"},\"timestamp\":1795341600.9,"
                        + "\"room\":\"chat:lobby\",\"epoch\":\"k3j9x2\",\"offset\":57}"));
        assertEquals(Optional.of(new Positions.Stamp("", new Position("u", 3))),
                stamp("{\"type\":\"dm\",\"user\":\"alice\",\"epoch\":\"u\",\"offset\":3}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"chat.message\",\"data\":{\"room\":\"chat:lobby\",\"epoch\":\"e\",\"offset\":1}}",
        "{\"type\":\"chat.message\",\"room\":\"chat:lobby\",\"offset\":1}",
        "{\"type\":\"chat.message\",\"room\":\"chat:lobby\",\"epoch\":\"e\"}",
        "{\"type\":\"chat.message\",\"room\":\"chat:lobby\",\"epoch\":\"e\",\"offset\":1.5}",
        "{\"type\":\"chat.message\",\"room\":\"chat:lobby\",\"epoch\":\"e\",\"offset\":\"1\"}",
        "{\"type\":\"chat.message\",\"room\":\"chat:lobby\",\"epoch\":\"e\",\"offset\":1e40}",
        "{\"type\":\"chat.message\",\"room\":\"\",\"epoch\":\"e\",\"offset\":1}",
        "{\"type\":\"chat.message\",\"epoch\":\"e\",\"offset\":1}",
        "{\"type\":\"chat.message\",\"room\":7,\"epoch\":\"e\",\"offset\":1}"})
    void frameWithoutAWholePositionHasNone(String text) {
        assertEquals(Optional.empty(), stamp(text), text);
    }

    @Test
    void roomRecoveryIsRead() {
        Frame f = Frames.parse("{\"type\":\"system_message\",\"data\":{\"event\":\"room_recovery\","
                + "\"room\":\"chat:lobby\",\"recovered\":true,\"replayed\":12,\"epoch\":\"k3j9x2\",\"offset\":69},"
                + "\"timestamp\":1795341601.2}").orElseThrow();
        assertEquals(Optional.of("room_recovery"), Frames.event(f));
        RoomRecovery r = Frames.recovery(f.data()).orElseThrow();
        assertEquals(new RoomRecovery("chat:lobby", "", true, Optional.empty(), 12,
                Optional.of(new Position("k3j9x2", 69))), r);
        assertFalse(r.userStream());
    }

    @Test
    void unrecoveredUserStreamIsReadWithItsReason() {
        RoomRecovery r = Frames.recovery(Frames.parseObject("{\"event\":\"room_recovery\",\"user\":\"alice\","
                + "\"recovered\":false,\"reason\":\"expired\",\"epoch\":\"u2\",\"offset\":4}").orElseThrow())
                .orElseThrow();
        assertEquals(new RoomRecovery("", "alice", false, Optional.of("expired"), 0, Optional.of(new Position("u2", 4))), r);
        assertTrue(r.userStream());
        assertEquals(Optional.empty(), Frames.recovery(Frames.parseObject("{\"recovered\":true}").orElseThrow()));
        assertEquals(Optional.empty(), Frames.recovery(Frames.parseObject("{\"room\":\"chat:a\",\"recovered\":false,"
                + "\"reason\":\"unavailable\"}").orElseThrow()).orElseThrow().position());
    }
}
