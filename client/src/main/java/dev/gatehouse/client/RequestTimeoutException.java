package dev.gatehouse.client;

import java.time.Duration;

/** A request got no answer within its timeout. */
public final class RequestTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param type the request's type
     * @param id the request's id
     * @param timeout how long the client waited
     */
    public RequestTimeoutException(String type, String id, Duration timeout) {
        super("No answer to " + type + " (id " + id + ") within " + timeout.toMillis() + " ms");
    }
}
