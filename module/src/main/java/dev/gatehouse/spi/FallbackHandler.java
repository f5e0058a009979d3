package dev.gatehouse.spi;

import dev.gatehouse.MessageContext;

/**
 * Handles frames whose type has no handler. The default answers {@code UNKNOWN_TYPE}. A replacement
 * may throw: Gatehouse then answers {@code HANDLER_ERROR} and keeps the connection open.
 */
@FunctionalInterface
public interface FallbackHandler {

    /**
     * Handles a frame of an unknown type.
     *
     * @param envelope the decoded frame
     * @param context the connection and the means to answer
     * @throws Exception any failure, answered with {@code HANDLER_ERROR}
     */
    void handle(Envelope envelope, MessageContext context) throws Exception;
}
