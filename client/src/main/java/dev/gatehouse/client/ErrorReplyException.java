package dev.gatehouse.client;

/** A request was answered with an {@code error_message}; {@link #reply()} carries it. */
public final class ErrorReplyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The error the server answered with. */
    private final transient ErrorReply reply;

    /**
     * Creates the exception.
     *
     * @param reply the error the server answered with
     */
    public ErrorReplyException(ErrorReply reply) {
        super(reply.errorCode() + ": " + reply.message());
        this.reply = reply;
    }

    /** {@return the error the server answered with} */
    public ErrorReply reply() {
        return reply;
    }

    /** {@return the error's code, for example {@code HANDLER_ERROR}} */
    public String errorCode() {
        return reply.errorCode();
    }
}
