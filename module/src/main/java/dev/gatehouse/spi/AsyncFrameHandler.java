package dev.gatehouse.spi;

import dev.gatehouse.MessageContext;
import java.util.concurrent.CompletionStage;

/**
 * Handles the client frames of one {@link #type()} with work that completes later. The next frame
 * of the same connection waits until the returned stage completes or {@code gatehouse.handler.timeout}
 * passes ({@code HANDLER_TIMEOUT}); a stage that completes exceptionally is answered with
 * {@code HANDLER_ERROR}. Either way the connection stays open.
 *
 * @param <T> the payload type
 */
public interface AsyncFrameHandler<T> {

    /** {@return the message type this handler answers} */
    String type();

    /** {@return the class the frame's {@code data} is bound to} */
    Class<T> payloadType();

    /**
     * Starts handling one frame.
     *
     * @param payload the bound {@code data}
     * @param context the connection and the means to answer
     * @return a stage that completes when the frame is handled
     * @throws Exception any failure, answered with {@code HANDLER_ERROR}
     */
    CompletionStage<?> handle(T payload, MessageContext context) throws Exception;

    /**
     * A handler from a lambda.
     *
     * @param type the message type
     * @param payloadType the payload class
     * @param body what to do with each frame
     * @param <T> the payload type
     * @return the handler
     */
    static <T> AsyncFrameHandler<T> of(String type, Class<T> payloadType, Body<T> body) {
        return new AsyncFrameHandler<>() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public Class<T> payloadType() {
                return payloadType;
            }

            @Override
            public CompletionStage<?> handle(T payload, MessageContext context) throws Exception {
                return body.handle(payload, context);
            }
        };
    }

    /**
     * The body of a lambda handler.
     *
     * @param <T> the payload type
     */
    @FunctionalInterface
    interface Body<T> {
        /**
         * Starts handling one frame.
         *
         * @param payload the bound {@code data}
         * @param context the connection and the means to answer
         * @return a stage that completes when the frame is handled
         * @throws Exception any failure, answered with {@code HANDLER_ERROR}
         */
        CompletionStage<?> handle(T payload, MessageContext context) throws Exception;
    }
}
