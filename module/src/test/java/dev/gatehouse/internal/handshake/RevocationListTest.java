package dev.gatehouse.internal.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.VerifiedToken;
import dev.gatehouse.internal.lifecycle.ManualClock;
import dev.gatehouse.internal.metrics.GatehouseMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What each kind of revocation refuses, for how long, and what the list answers when full. */
class RevocationListTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final ManualClock clock = new ManualClock(T0);
    private final RevocationList list = new RevocationList(clock, Duration.ofHours(1), 3, GatehouseMetrics.none());

    private static VerifiedToken token(String subject, String jti, Instant issuedAt) {
        Map<String, Object> claims = new HashMap<>();
        if (jti != null) {
            claims.put("jti", jti);
        }
        if (issuedAt != null) {
            claims.put("iat", issuedAt.getEpochSecond());
        }
        return new VerifiedToken(subject, T0.plus(Duration.ofDays(2)), Set.of(), claims);
    }

    private boolean revoked(VerifiedToken token, String tokenId) {
        return list.check(token, tokenId).isPresent();
    }

    @Test
    void aTokenRevokedByJtiIsRefusedUntilItsExpiryAndOthersAreNot() {
        assertTrue(list.revokeToken("j1", T0.plusSeconds(60)));
        assertTrue(revoked(token("u", "j1", T0), null));
        assertFalse(revoked(token("u", "j2", T0), null));
        clock.set(T0.plusSeconds(60).toEpochMilli());
        assertFalse(revoked(token("u", "j1", T0), null));
        assertEquals(0, list.size(), "an expired entry goes when it is looked up");
    }

    @Test
    void aTokenWithoutJtiIsKnownByTheHashOfItsCompactForm() {
        VerifiedToken withoutJti = token("u", null, T0);
        list.revokeToken(RevocationList.hash("a.b.c"), T0.plusSeconds(60));
        assertEquals(RevocationList.hash("a.b.c"), RevocationList.tokenId(withoutJti, "a.b.c"));
        assertEquals(RevocationList.hash("a.b.c"), RevocationList.tokenId(withoutJti, TokenDigest.sha256("a.b.c")));
        assertTrue(revoked(withoutJti, RevocationList.tokenId(withoutJti, "a.b.c")));
        assertFalse(revoked(withoutJti, RevocationList.tokenId(withoutJti, "a.b.d")));
        assertFalse(revoked(withoutJti, null), "without its id named only a jti is looked up");
    }

    @Test
    void aTokenWithJtiIsKnownByItWhateverItsCompactForm() {
        VerifiedToken withJti = token("u", "j1", T0);
        assertEquals("j1", RevocationList.tokenId(withJti, "a.b.c"));
        assertEquals("j1", RevocationList.tokenId(withJti, TokenDigest.sha256("a.b.c")));
        list.revokeToken(RevocationList.hash("a.b.c"), T0.plusSeconds(60));
        assertFalse(revoked(withJti, "j1"), "its hash does not name it");
    }

    @Test
    void aCutOffRefusesTokensIssuedBeforeItOrWithoutIatForMaxAge() {
        list.revokeIssuedBefore("u", T0.plusSeconds(10));
        assertTrue(revoked(token("u", null, T0.plusSeconds(9)), null));
        assertTrue(revoked(token("u", null, null), null), "no iat: cannot show it is newer");
        assertFalse(revoked(token("u", null, T0.plusSeconds(10)), null));
        assertFalse(revoked(token("other", null, T0), null));
        clock.set(T0.plusSeconds(10).plus(Duration.ofHours(1)).toEpochMilli());
        assertFalse(revoked(token("u", null, T0), null));
    }

    @Test
    void aRevokedUserIsRefusedWhateverTheTokenUntilTheInstant() {
        list.revokeUser("u", T0.plusSeconds(30));
        assertTrue(revoked(token("u", "fresh", T0.plusSeconds(20)), null));
        clock.set(T0.plusSeconds(30).toEpochMilli());
        assertFalse(revoked(token("u", "fresh", T0.plusSeconds(20)), null));
    }

    @Test
    void aCutOffAndABanOfOneUserAreKeptTogether() {
        list.revokeUser("u", T0.plusSeconds(30));
        list.revokeIssuedBefore("u", T0.plusSeconds(10));
        assertEquals(1, list.size());
        clock.set(T0.plusSeconds(40).toEpochMilli());
        assertTrue(revoked(token("u", null, T0), null), "the ban is over, the cut-off is not");
        assertFalse(revoked(token("u", null, T0.plusSeconds(10)), null));
    }

    @Test
    void aRevocationAlreadyOverKeepsNothing() {
        assertFalse(list.revokeToken("j", T0));
        assertFalse(list.revokeUser("u", T0.minusSeconds(1)));
        assertFalse(list.revokeIssuedBefore("u", T0.minus(Duration.ofHours(2))));
        assertEquals(0, list.size());
    }

    @Test
    void whenFullTheExpiredEntriesGoFirstThenARevocationIsRefused() {
        list.revokeToken("a", T0.plusSeconds(5));
        list.revokeToken("b", T0.plusSeconds(50));
        list.revokeUser("c", T0.plusSeconds(50));
        IllegalStateException full = assertThrows(IllegalStateException.class,
                () -> list.revokeToken("d", T0.plusSeconds(50)));
        assertTrue(full.getMessage().contains("gatehouse.revocation.max-entries"), full.getMessage());
        assertTrue(revoked(token("u", "a", T0), null), "nothing held was dropped to make room");
        assertTrue(list.revokeToken("a", T0.plusSeconds(60)), "an entry already held may be extended when full");
        clock.set(T0.plusSeconds(60).toEpochMilli());
        assertTrue(list.revokeToken("d", T0.plusSeconds(120)), "the expired ones made room");
        assertEquals(1, list.size());
    }
}
