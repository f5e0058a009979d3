package dev.gatehouse.internal.handshake.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.VerifiedToken;
import dev.gatehouse.spi.Verification;

/** Assertions on {@link Verification} outcomes. */
final class Outcomes {

    private Outcomes() {
    }

    /** Asserts acceptance and returns the verified token. */
    static VerifiedToken assertAccepted(Verification outcome) {
        return assertInstanceOf(Verification.Accepted.class, outcome, () -> "expected acceptance, got " + outcome).token();
    }

    /** Asserts rejection with {@code code} and a message free of the token; returns the message. */
    static String assertRejected(ErrorCode code, Verification outcome, String token) {
        Verification.Rejected rejected = assertRejectedWithoutToken(outcome, token);
        assertEquals(code, rejected.code(), rejected::message);
        return rejected.message();
    }

    /** Asserts rejection with a message that contains neither the token nor any part of it. */
    static Verification.Rejected assertRejectedWithoutToken(Verification outcome, String token) {
        Verification.Rejected rejected = assertInstanceOf(Verification.Rejected.class, outcome);
        if (!token.isBlank()) {
            assertFalse(rejected.message().contains(token), "message contains the token");
            for (String part : token.split("\\.")) {
                assertFalse(part.length() > 8 && rejected.message().contains(part), "message contains part of the token");
            }
        }
        return rejected;
    }
}
