package dev.gatehouse.internal.routing;

import dev.gatehouse.ErrorCode;

/** What became of one routed frame. */
public sealed interface RouteOutcome {

    /** A handler for the type handled it. */
    record Handled() implements RouteOutcome {
    }

    /** No handler had the type; the fallback handler answered. */
    record Unhandled() implements RouteOutcome {
    }

    /**
     * Handling failed; the client is answered with an {@code error_message} of this code.
     *
     * @param code the error code
     * @param message a client-safe message (never a stack trace)
     */
    record Failed(ErrorCode code, String message) implements RouteOutcome {
    }

    /** The shared {@link Handled} value. */
    RouteOutcome HANDLED = new Handled();
    /** The shared {@link Unhandled} value. */
    RouteOutcome UNHANDLED = new Unhandled();
}
