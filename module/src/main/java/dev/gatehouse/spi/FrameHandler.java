package dev.gatehouse.spi;

import dev.gatehouse.MessageContext;

/**
 * Handles the client frames of one {@link #type()}, synchronously. The payload is the frame's
 * {@code data} bound by JSON-B to {@link #payloadType()} ({@code jakarta.json.JsonObject} takes it as
 * is). Runs on a thread of Gatehouse's handler pool, never on the container's I/O threads; frames
 * of one connection reach their handlers one at a time, in arrival order.
 *
 * <p>A call has {@code gatehouse.handler.timeout}: at the limit the client is answered
 * {@code HANDLER_TIMEOUT} and the thread is interrupted; if the call still does not return, its
 * thread is left to it (and replaced), and the connection's next frame is handled meanwhile. A
 * reply it sends to the frame later is dropped (the client has its answer), and what it returns is
 * counted ({@code gatehouse.handler.late}); what it sends to anyone else still goes.
 *
 * <p>An exception thrown here is answered with {@code HANDLER_ERROR} and the connection stays open.
 * For work that completes later, implement {@link AsyncFrameHandler} instead.
 *
 * @param <T> the payload type
 */
public interface FrameHandler<T> {

    /** {@return the message type this handler answers, for example {@code chat.send}} */
    String type();

    /** {@return the class the frame's {@code data} is bound to} */
    Class<T> payloadType();

    /**
     * Handles one frame.
     *
     * @param payload the bound {@code data}
     * @param context the connection and the means to answer
     * @throws Exception any failure, answered with {@code HANDLER_ERROR}
     */
    void handle(T payload, MessageContext context) throws Exception;

    /**
     * A handler from a lambda.
     *
     * @param type the message type
     * @param payloadType the payload class
     * @param body what to do with each frame
     * @param <T> the payload type
     * @return the handler
     */
    static <T> FrameHandler<T> of(String type, Class<T> payloadType, Body<T> body) {
        return new FrameHandler<>() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public Class<T> payloadType() {
                return payloadType;
            }

            @Override
            public void handle(T payload, MessageContext context) throws Exception {
                body.handle(payload, context);
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
         * Handles one frame.
         *
         * @param payload the bound {@code data}
         * @param context the connection and the means to answer
         * @throws Exception any failure, answered with {@code HANDLER_ERROR}
         */
        void handle(T payload, MessageContext context) throws Exception;
    }
}
