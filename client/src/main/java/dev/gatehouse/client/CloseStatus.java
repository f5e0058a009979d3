package dev.gatehouse.client;

/**
 * How a connection ended.
 *
 * @param code the close code (PROTOCOL §5); 1006 when the connection was lost without a close frame,
 *     was dropped by the heartbeat, or could not be opened
 * @param reason the close reason, a code such as {@code SERVER_SHUTDOWN}; for a refused handshake the
 *     refusal's code (for example {@code TOKEN_EXPIRED}, {@code CONNECTION_LIMIT}); {@code HEARTBEAT_TIMEOUT}
 *     when the heartbeat dropped a silent server; empty when there was none
 * @param remote whether the server (or the network) ended it, not this client
 * @param willReconnect whether the client reconnects after it
 */
public record CloseStatus(int code, String reason, boolean remote, boolean willReconnect) {
}
