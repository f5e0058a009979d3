package dev.gatehouse.internal.lifecycle;

import java.time.Duration;

/**
 * The per-connection limits, from the configuration.
 *
 * @param maxMessageSize largest text frame in UTF-8 bytes
 * @param readyQueueLimit frames kept before the welcome
 * @param handlerQueueLimit frames waiting for the connection's handlers
 * @param rateLimit frames per second, 0 for no limit
 * @param sendQueueLimit frames waiting to be written before the client counts as not reading
 * @param expiryWarning how long before {@code exp} the {@code session_expiring} event goes out; 0 for never
 * @param clockSkew how long after {@code exp} the session closes: the tolerance the token was accepted with
 * @param closeGraceMillis how long a client has to complete a close the server started
 */
public record ConnectionLimits(int maxMessageSize, int readyQueueLimit, int handlerQueueLimit, int rateLimit,
        int sendQueueLimit, Duration expiryWarning, Duration clockSkew, long closeGraceMillis) {
}
