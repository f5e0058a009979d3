package dev.gatehouse.client;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The server's welcome, {@code connection_established} (PROTOCOL §3.1): the connection is ready.
 *
 * @param connectionId the server's id of the connection
 * @param userId the token's subject
 * @param tokenExpiresAt when the session's token expires, if it does
 * @param heartbeatInterval how often the client pings; zero for never
 * @param maxMessageSizeBytes the largest frame the server accepts
 * @param protocolVersion the protocol version, 1
 * @param serverTime the server's clock when it sent the welcome
 * @param data the welcome's {@code data} as received
 */
public record Welcome(String connectionId, String userId, Optional<Instant> tokenExpiresAt,
        Duration heartbeatInterval, int maxMessageSizeBytes, int protocolVersion, Instant serverTime,
        JsonObject data) {

    /**
     * {@return whether the server keeps history (its {@code config} has {@code "recovery": true},
     * PROTOCOL §3.1, §3.6): then the client answers the welcome with {@code recover}}
     */
    public boolean recovery() {
        return data.get("config") instanceof JsonObject config && config.get("recovery") == JsonValue.TRUE;
    }

    /**
     * {@return this welcome with another token expiry, after {@code token_refreshed}}
     *
     * @param expiresAt the refreshed token's expiry
     */
    public Welcome withTokenExpiresAt(Instant expiresAt) {
        return new Welcome(connectionId, userId, Optional.of(expiresAt), heartbeatInterval, maxMessageSizeBytes,
                protocolVersion, serverTime, data);
    }
}
