package dev.gatehouse.spi;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.VerifiedToken;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of checking a handshake or a token: accepted with its {@link VerifiedToken}, or
 * rejected with an {@link ErrorCode} and a message that is safe to show a client (it never contains
 * the token or a secret), or, at the upgrade, refused by an {@link UpgradeCheck} with its own
 * status and code.
 */
public sealed interface Verification {

    /**
     * Accepts the given token.
     *
     * @param token the verified token
     * @return the verification
     */
    static Verification accepted(VerifiedToken token) {
        return new Accepted(token);
    }

    /**
     * Rejects with the given code and a client-safe message.
     *
     * @param code the protocol error code
     * @param message a client-safe explanation
     * @return the verification
     */
    static Verification rejected(ErrorCode code, String message) {
        return new Rejected(code, message);
    }

    /** {@return whether the handshake or token was accepted} */
    default boolean isAccepted() {
        return this instanceof Accepted;
    }

    /**
     * An accepted verification.
     *
     * @param token the verified token
     * @param attributes what the upgrade checks chose to keep on the connection; empty for a token alone
     * @param tokenId the id {@link dev.gatehouse.Revocations#revokeToken} revokes the token by: its
     *     {@code jti}, or else {@link dev.gatehouse.Revocations#tokenHash} of the token as sent. Gatehouse
     *     names it when it accepts a token, at the upgrade and at {@code auth_refresh}, and the connection
     *     keeps it (never the token) so that revoking it closes the connection. An application's
     *     {@link TokenVerifier} leaves it null: Gatehouse replaces whatever it gives
     */
    record Accepted(VerifiedToken token, Map<String, Object> attributes, String tokenId) implements Verification {
        /**
         * Rejects a null token; copies the attributes.
         *
         * @param token the verified token
         * @param attributes what the upgrade checks chose to keep on the connection
         * @param tokenId the token's revocation id, or null when not named yet
         */
        public Accepted {
            Objects.requireNonNull(token, "token");
            attributes = Map.copyOf(attributes);
        }

        /**
         * Accepts a token with what the upgrade checks kept, its id not named yet.
         *
         * @param token the verified token
         * @param attributes what the upgrade checks chose to keep on the connection
         */
        public Accepted(VerifiedToken token, Map<String, Object> attributes) {
            this(token, attributes, null);
        }

        /**
         * Accepts a token, keeping nothing with it.
         *
         * @param token the verified token
         */
        public Accepted(VerifiedToken token) {
            this(token, Map.of());
        }
    }

    /**
     * A rejected verification.
     *
     * @param code the protocol error code
     * @param message a client-safe explanation
     */
    record Rejected(ErrorCode code, String message) implements Verification {
        /**
         * Rejects null parts.
         *
         * @param code the protocol error code
         * @param message a client-safe explanation
         */
        public Rejected {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * An upgrade refused by an {@link UpgradeCheck} ({@link UpgradeDecision#refuse}), or because one
     * failed ({@code 500 UPGRADE_CHECK_FAILED}). An application's {@link TokenVerifier} may return
     * one too: the upgrade is then refused with its status and code, and an {@code auth_refresh}
     * with {@code INVALID_TOKEN}.
     *
     * @param status the HTTP status
     * @param code the error code
     * @param message a client-safe explanation
     */
    record Refused(int status, String code, String message) implements Verification {
        /**
         * Checks the bounds {@link UpgradeDecision#refuse} checks.
         *
         * @param status an HTTP status from 400 to 599
         * @param code the error code
         * @param message a client-safe explanation
         * @throws IllegalArgumentException for a status, code or message outside those bounds
         */
        public Refused {
            UpgradeDecision.refuse(status, code, message);
        }
    }
}
