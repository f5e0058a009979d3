package dev.gatehouse.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The token-failure decision: never open again with a refused token, and say why in the stop reason. */
class RefusedTokensTest {
    private final RefusedTokens refused = new RefusedTokens();

    @Test
    void refusedTokenIsNeverOpenedAgain() {
        refused.rememberLocked("dead", "TOKEN_EXPIRED");

        assertEquals(Optional.of("TOKEN_EXPIRED: the token source returned a refused token"), refused.beforeOpenLocked("dead"));
        assertEquals(Optional.of("TOKEN_EXPIRED: the token source returned the refused token"),
                refused.afterSourceLocked("dead", true));
        assertEquals(Optional.empty(), refused.beforeOpenLocked("fresh"));
        assertEquals(Optional.empty(), refused.afterSourceLocked("fresh", true));
    }

    @Test
    void sourceCyclingThroughDeadTokensIsCaught() {
        refused.rememberLocked("a", "INVALID_TOKEN");
        refused.rememberLocked("b", "INVALID_TOKEN");

        assertTrue(refused.afterSourceLocked("a", true).isPresent());
        assertTrue(refused.afterSourceLocked("b", true).isPresent());
    }

    @Test
    void onlyTheLastRefusedTokensAreRemembered() {
        for (int i = 0; i <= RefusedTokens.MEMORY; i++) {
            refused.rememberLocked("t" + i, "INVALID_TOKEN");
        }

        assertEquals(Optional.empty(), refused.beforeOpenLocked("t0"));
        assertTrue(refused.beforeOpenLocked("t1").isPresent());
        assertTrue(refused.beforeOpenLocked("t" + RefusedTokens.MEMORY).isPresent());
    }

    @Test
    void stopReasonsStartWithTheLastRefusalsCode() {
        refused.rememberLocked("a", "TOKEN_REVOKED");
        refused.rememberLocked(null, "");

        assertEquals("INVALID_TOKEN: the token was refused and is fixed", refused.fixedLocked());
        assertEquals(Optional.of("INVALID_TOKEN: the token was refused and the token source failed"),
                refused.afterSourceLocked(null, true));
        assertEquals(Optional.of("INVALID_TOKEN: the token was refused and reconnecting is off"),
                refused.afterSourceLocked("fresh", false));
    }
}
