package dev.gatehouse.spi;

import dev.gatehouse.Connection;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An {@link UpgradeCheck}'s answer: allow the upgrade, with the attributes to keep on the
 * connection, or refuse it with an HTTP status and an error code (PROTOCOL.md §1.3).
 */
public sealed interface UpgradeDecision {

    /** {@return a decision to allow, keeping nothing} */
    static UpgradeDecision allow() {
        return Allow.NOTHING;
    }

    /**
     * Allows, keeping {@code attributes} in the connection's {@link Connection#attributes()},
     * where handlers read them ({@code ctx.connection().attributes()}). Keep only what handlers
     * need: never the token, nor a header or parameter that carries it (a text attribute holding
     * the token fails the upgrade with {@code 500 UPGRADE_CHECK_FAILED}).
     *
     * @param attributes the attributes, none null
     * @return the decision
     */
    static UpgradeDecision allow(Map<String, ?> attributes) {
        return new Allow(Map.copyOf(attributes));
    }

    /**
     * Refuses the upgrade. The client gets {@code status} with the body
     * {@code {"error_code": code, "error_message": message}} and {@code Connection: close}; the
     * refusal is counted in {@code gatehouse.handshakes} under {@code code}. A check should use a
     * small fixed set of codes.
     *
     * @param status an HTTP status from 400 to 599
     * @param code the error code: capital letters, digits and underscores, at most 64, starting with a letter
     * @param message a client-safe explanation, at most 200 characters
     * @return the decision
     * @throws IllegalArgumentException for a status, code or message outside those bounds
     */
    static UpgradeDecision refuse(int status, String code, String message) {
        return new Refuse(status, code, message);
    }

    /**
     * An allowed upgrade.
     *
     * @param attributes what to keep on the connection
     */
    record Allow(Map<String, Object> attributes) implements UpgradeDecision {
        private static final Allow NOTHING = new Allow(Map.of());

        /**
         * Copies the attributes.
         *
         * @param attributes what to keep on the connection
         */
        public Allow {
            attributes = Map.copyOf(attributes);
        }
    }

    /**
     * A refused upgrade.
     *
     * @param status the HTTP status
     * @param code the error code
     * @param message a client-safe explanation
     */
    record Refuse(int status, String code, String message) implements UpgradeDecision {
        private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

        /**
         * Checks the bounds.
         *
         * @param status an HTTP status from 400 to 599
         * @param code the error code
         * @param message a client-safe explanation
         */
        public Refuse {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("status " + status + " is not from 400 to 599");
            }
            if (!CODE.matcher(code).matches()) {
                throw new IllegalArgumentException("'" + code + "' is not an error code: A-Z, 0-9 and _, at most 64");
            }
            if (message.length() > 200) {
                throw new IllegalArgumentException("the message is longer than 200 characters");
            }
        }
    }
}
