package dev.gatehouse;

/**
 * Handles the client frames of one {@link #type()}, synchronously. The payload is the frame's
 * {@code data} bound by JSON-B to {@link #payloadType()} ({@code jakarta.json.JsonObject} takes it as
 * is). Runs on a Gatehouse worker thread, never on the container's I/O threads, unless it declares
 * itself {@link #nonBlocking()}; frames of one connection reach their handlers one at a time, in
 * arrival order.
 *
 * <p>A call has {@code gatehouse.handler.timeout}: at the limit the client is answered
 * {@code HANDLER_TIMEOUT} and the thread is interrupted; if the call still does not return, its
 * thread is left to it (and replaced), the connection's next frame is handled meanwhile, and
 * whatever the call does later (a reply included) is still sent but its outcome is not.
 *
 * <p>An exception thrown here is answered with {@code HANDLER_ERROR} and the connection stays open.
 * For work that completes later, implement {@link AsyncMessageHandler} instead.
 *
 * @param <T> the payload type
 */
public interface MessageHandler<T> {

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
     * Whether {@link #handle} never blocks: no I/O, no waiting, no lock held for long; it computes and
     * replies or sends. Then Gatehouse runs it on the container's thread that read the frame whenever
     * the connection has no earlier frame still being handled, saving the hand-off to a worker (about
     * a tenth of a small frame's cost). Order, the time limit and every failure's answer are as for
     * any handler, but the thread is never interrupted.
     *
     * <p>What a wrong declaration costs: at most half the cores' worth of container threads (one on a
     * two-core machine) run such calls at once, across the server; further frames go to workers
     * meanwhile. A call that takes longer than 50 ms moves its type to the workers for good (logged
     * once, as a WARNING). So a handler that blocks holds one or a few reading threads for the length
     * of one call, never every one, and handshakes and other connections go on. Default false.
     *
     * @return true if the handler never blocks
     */
    default boolean nonBlocking() {
        return false;
    }

    /**
     * A handler from a lambda.
     *
     * @param type the message type
     * @param payloadType the payload class
     * @param body what to do with each frame
     * @param <T> the payload type
     * @return the handler
     */
    static <T> MessageHandler<T> of(String type, Class<T> payloadType, Body<T> body) {
        return lambda(type, payloadType, body, false);
    }

    /**
     * A {@linkplain #nonBlocking() non-blocking} handler from a lambda.
     *
     * @param type the message type
     * @param payloadType the payload class
     * @param body what to do with each frame, without blocking
     * @param <T> the payload type
     * @return the handler
     */
    static <T> MessageHandler<T> nonBlocking(String type, Class<T> payloadType, Body<T> body) {
        return lambda(type, payloadType, body, true);
    }

    private static <T> MessageHandler<T> lambda(String type, Class<T> payloadType, Body<T> body, boolean nonBlocking) {
        return new MessageHandler<>() {
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

            @Override
            public boolean nonBlocking() {
                return nonBlocking;
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
