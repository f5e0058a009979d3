package dev.gatehouse.internal.codec;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.GatehouseConfig;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Builds the frames the protocol itself defines (PROTOCOL.md §3). Thread-safe. */
public final class ProtocolFrames {
    /** The protocol version announced in the welcome. */
    public static final int PROTOCOL_VERSION = 1;

    private final EnvelopeCodec codec;
    private final Clock clock;
    private final JsonObject welcomeConfig;

    /** Frames for the given configuration. */
    public ProtocolFrames(EnvelopeCodec codec, Clock clock, GatehouseConfig config) {
        this.codec = codec;
        this.clock = clock;
        this.welcomeConfig = codec.json().createObjectBuilder()
                .add("heartbeat_interval_seconds", config.heartbeatInterval().toSeconds())
                .add("max_message_size_bytes", config.maxMessageSize())
                .build();
    }

    /** The welcome, §3.1. */
    public String welcome(String connectionId, String userId, Instant tokenExpiresAt) {
        JsonObject data = json().createObjectBuilder()
                .add("event", "connection_established")
                .add("connection_id", connectionId)
                .add("user_id", userId)
                .add("connection_ready", true)
                .add("server_time", now().toString())
                .add("protocol_version", PROTOCOL_VERSION)
                .add("token_expires_at", tokenExpiresAt.truncatedTo(ChronoUnit.SECONDS).toString())
                .add("config", welcomeConfig)
                .build();
        return frame("system_message", data, null);
    }

    /** An {@code error_message}, §3.4; {@code details} is always empty (never a token or stack trace). */
    public String error(ErrorCode code, String message, String replyTo) {
        JsonObject data = json().createObjectBuilder()
                .add("error_code", code.name())
                .add("error_message", message)
                .add("retryable", code.retryable())
                .add("details", json().createObjectBuilder())
                .build();
        return frame("error_message", data, replyTo);
    }

    /** A {@code pong}, §3.3. */
    public String pong(String replyTo) {
        return frame("pong", json().createObjectBuilder().add("server_time", now().toString()).build(), replyTo);
    }

    /** The {@code session_expiring} event, §3.2. */
    public String sessionExpiring(Instant expiresAt) {
        long secondsLeft = Math.max(0, expiresAt.getEpochSecond() - clock.instant().getEpochSecond());
        return frame("system_message", event("session_expiring")
                .add("expires_at", expiresAt.toString())
                .add("seconds_left", secondsLeft)
                .build(), null);
    }

    /** The {@code token_refreshed} event, §3.2. */
    public String tokenRefreshed(Instant expiresAt, String replyTo) {
        return frame("system_message", event("token_refreshed").add("expires_at", expiresAt.toString()).build(), replyTo);
    }

    /** Any frame, stamped now. */
    public String frame(String type, Object data, String replyTo) {
        return codec.encode(type, data, replyTo, clock.millis());
    }

    private JsonObjectBuilder event(String name) {
        return json().createObjectBuilder().add("event", name);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private JsonProvider json() {
        return codec.json();
    }
}
