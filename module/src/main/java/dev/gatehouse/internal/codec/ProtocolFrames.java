package dev.gatehouse.internal.codec;

import dev.gatehouse.internal.metrics.GatehouseMetrics;
import dev.gatehouse.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Builds the frames the protocol itself defines (PROTOCOL.md §3). Thread-safe. */
public final class ProtocolFrames {
    private final GatehouseMetrics metrics;
    /** The protocol version announced in the welcome. */
    public static final int PROTOCOL_VERSION = 1;

    private final EnvelopeCodec codec;
    private final Clock clock;
    /** The welcome's {@code config} object, rendered once. */
    private final String welcomeConfig;
    private static final String WELCOME_HEAD =
            "{\"type\":\"system_message\",\"data\":{\"event\":\"connection_established\",\"connection_id\":";
    private final InstantText serverTimes = new InstantText();
    private final InstantText expiries = new InstantText();

    /** Frames stamped by {@code clock}, announcing these limits in the welcome. */
    public ProtocolFrames(EnvelopeCodec codec, Clock clock, Duration heartbeatInterval, int maxMessageSize) {
        this(codec, clock, heartbeatInterval, maxMessageSize, GatehouseMetrics.none());
    }

    /** Frames for this configuration, counting the {@code error_message}s built (each is sent) on {@code metrics}. */
    public ProtocolFrames(EnvelopeCodec codec, Clock clock, Duration heartbeatInterval, int maxMessageSize,
            GatehouseMetrics metrics) {
        this(codec, clock, heartbeatInterval, maxMessageSize, false, metrics);
    }

    /**
     * Frames for this configuration; {@code recovery}: the welcome asks clients to state their
     * positions (§3.6), as some stream keeps history.
     */
    public ProtocolFrames(EnvelopeCodec codec, Clock clock, Duration heartbeatInterval, int maxMessageSize,
            boolean recovery, GatehouseMetrics metrics) {
        this.metrics = metrics;
        this.codec = codec;
        this.clock = clock;
        JsonText config = JsonText.object(80)
                .field("heartbeat_interval_seconds", heartbeatInterval.toSeconds())
                .field("max_message_size_bytes", maxMessageSize);
        this.welcomeConfig = (recovery ? config.field("recovery", true) : config).end();
    }

    /**
     * The welcome, §3.1: the text around its per-connection fields is written once, and
     * {@code server_time} is the frame's {@code timestamp}.
     */
    public String welcome(String connectionId, String userId, Instant tokenExpiresAt) {
        long millis = clock.millis();
        StringBuilder out = new StringBuilder(256 + userId.length()).append(WELCOME_HEAD);
        JsonText.string(out, connectionId);
        JsonText.string(out.append(",\"user_id\":"), userId);
        serverTimes.append(out.append(",\"connection_ready\":true,\"server_time\":\""), millis);
        expiries.append(out.append("\",\"protocol_version\":" + PROTOCOL_VERSION + ",\"token_expires_at\":\""),
                tokenExpiresAt.getEpochSecond() * 1000);
        out.append("\",\"config\":").append(welcomeConfig).append('}');
        return EnvelopeCodec.finish(out, null, millis);
    }

    /** An {@code error_message}, §3.4; {@code details} is always empty (never a token or stack trace). */
    public String error(ErrorCode code, String message, String replyTo) {
        return error(code, code.retryable(), message, replyTo);
    }

    /**
     * An {@code error_message} whose {@code retryable} is not its code's: a failure the server knows
     * to be passing, where the code alone says otherwise ({@code room_members}' presence read, §4).
     */
    public String error(ErrorCode code, boolean retryable, String message, String replyTo) {
        metrics.errorSent(code);
        String data = JsonText.object(160)
                .field("error_code", code.name())
                .field("error_message", message)
                .field("retryable", retryable)
                .rawField("details", "{}")
                .end();
        return protocolFrame("error_message", data, replyTo);
    }

    /**
     * An {@code error_message} answering a client frame that was not decoded (one refused before
     * dispatch): carries the frame's id in {@code reply_to} whenever it can be read, as §2 requires.
     */
    public String errorAnswering(ErrorCode code, String message, String clientFrame) {
        return error(code, message, codec.idOf(clientFrame));
    }

    /** A {@code pong}, §3.3. */
    public String pong(String replyTo) {
        return protocolFrame("pong", JsonText.object(48).field("server_time", now().toString()).end(), replyTo);
    }

    /** The {@code session_expiring} event, §3.2. */
    public String sessionExpiring(Instant expiresAt) {
        long secondsLeft = Math.max(0, expiresAt.getEpochSecond() - clock.instant().getEpochSecond());
        String data = JsonText.object(96)
                .field("event", "session_expiring")
                .field("expires_at", expiresAt.toString())
                .field("seconds_left", secondsLeft)
                .end();
        return protocolFrame("system_message", data, null);
    }

    /** The {@code token_refreshed} event, §3.2. */
    public String tokenRefreshed(Instant expiresAt, String replyTo) {
        String data = JsonText.object(80).field("event", "token_refreshed").field("expires_at", expiresAt.toString()).end();
        return protocolFrame("system_message", data, replyTo);
    }

    /** A presence event ({@code member_joined} or {@code member_left}), §3.5. */
    public String memberEvent(String event, String room, String userId, String connectionId) {
        String data = JsonText.object(96 + room.length() + userId.length())
                .field("event", event)
                .field("room", room)
                .field("user_id", userId)
                .field("connection_id", connectionId)
                .end();
        return protocolFrame("system_message", data, null);
    }

    /**
     * The {@code room_recovery} event, §3.6: for a room ({@code kind} {@code room}) or the user's own
     * stream ({@code user}); {@code reason} only when not recovered, the position only when known.
     */
    public String recovery(String kind, String name, boolean recovered, String reason, int replayed, String epoch,
            long offset) {
        JsonText data = JsonText.object(160 + name.length())
                .field("event", "room_recovery")
                .field(kind, name)
                .field("recovered", recovered);
        if (reason != null) {
            data.field("reason", reason);
        }
        data.field("replayed", replayed);
        if (epoch != null && offset >= 0) {
            data.field("epoch", epoch).field("offset", offset);
        }
        return protocolFrame("system_message", data.end(), null);
    }

    /** The answer to {@code room_members}, §4: one entry per connection, user and connection id. */
    public String roomMembers(String room, java.util.List<dev.gatehouse.PresenceMember> members, String replyTo) {
        StringBuilder list = new StringBuilder(16 + members.size() * 64).append('[');
        for (dev.gatehouse.PresenceMember m : members) {
            if (list.length() > 1) {
                list.append(',');
            }
            list.append(JsonText.object(64).field("user_id", m.userId()).field("connection_id", m.connectionId()).end());
        }
        String data = JsonText.object(48 + room.length() + list.length()).field("room", room)
                .rawField("members", list.append(']').toString()).end();
        return protocolFrame("room_members", data, replyTo);
    }

    /** Any frame, stamped now; the data is a JSON-P value or serialized with JSON-B. */
    public String frame(String type, Object data, String replyTo) {
        return codec.encode(type, data, replyTo, clock.millis());
    }

    private String protocolFrame(String type, String dataJson, String replyTo) {
        return codec.encodeJson(type, dataJson, replyTo, clock.millis());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
