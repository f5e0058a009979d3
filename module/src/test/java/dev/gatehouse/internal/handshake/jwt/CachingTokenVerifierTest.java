package dev.gatehouse.internal.handshake.jwt;

import static dev.gatehouse.internal.handshake.jwt.Outcomes.assertAccepted;
import static dev.gatehouse.internal.handshake.jwt.Outcomes.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.VerifiedToken;
import dev.gatehouse.internal.handshake.RevocationList;
import dev.gatehouse.internal.lifecycle.ManualClock;
import dev.gatehouse.spi.TokenVerifier;
import dev.gatehouse.spi.Verification;
import dev.gatehouse.testkit.TestKeys;
import dev.gatehouse.testkit.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Accepted verifications are cached until {@code exp}, within a bound; nothing else is. */
class CachingTokenVerifierTest {
    private static final String SECRET = TestKeys.secret(32);

    private final ManualClock clock = ManualClock.atNow();
    private final RecordingVerifier jwt = new RecordingVerifier(
            JwtTokenVerifier.create(GatehouseConfig.builder().hmacSecret(SECRET).clockSkew(Duration.ZERO).build().jwt(), clock));

    @Test
    void secondVerifyOfTheSameTokenDoesNotCallTheDelegate() {
        TokenVerifier cache = CachingTokenVerifier.wrap(jwt, 10, clock);
        String token = token(Duration.ofMinutes(5));

        Verification first = cache.verify(token);
        Verification second = cache.verify(token);

        assertAccepted(first);
        assertSame(first, second);
        assertEquals(1, jwt.calls());
    }

    @Test
    void anAcceptanceIsNamedByTheHashOfATokenWithoutJtiAndItsConnectionsShareTheName() {
        TokenVerifier cache = CachingTokenVerifier.wrap(jwt, 10, clock);
        String token = token(Duration.ofMinutes(5));

        String first = ((Verification.Accepted) cache.verify(token)).tokenId();
        String second = ((Verification.Accepted) cache.verify(token)).tokenId();

        assertEquals(RevocationList.hash(token), first);
        assertSame(first, second, "one id per cached token, not one per handshake");
    }

    @Test
    void cachedEntryPastExpiryIsVerifiedAgainAndRejectedAsExpired() {
        TokenVerifier cache = CachingTokenVerifier.wrap(jwt, 10, clock);
        String token = token(Duration.ofMinutes(5));
        assertAccepted(cache.verify(token));

        clock.advance(Duration.ofMinutes(5).plusSeconds(1));

        assertRejected(ErrorCode.TOKEN_EXPIRED, cache.verify(token), token);
        assertEquals(2, jwt.calls());
    }

    @Test
    void rejectedOutcomesAreNotCached() {
        TokenVerifier cache = CachingTokenVerifier.wrap(jwt, 10, clock);
        String token = TestTokens.hs256(TestKeys.secret(32)).subject("alice").compact();

        assertRejected(ErrorCode.INVALID_TOKEN, cache.verify(token), token);
        assertRejected(ErrorCode.INVALID_TOKEN, cache.verify(token), token);
        assertEquals(2, jwt.calls());
    }

    @Test
    void zeroEntriesMeansNoCache() {
        assertSame(jwt, CachingTokenVerifier.wrap(jwt, 0, clock));
    }

    @Test
    void negativeBoundIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CachingTokenVerifier.wrap(jwt, -1, clock));
    }

    @Test
    void theBoundHolds() {
        RecordingVerifier acceptAll = new RecordingVerifier(token -> accepted(clock.instant().plus(Duration.ofHours(1))));
        CachingTokenVerifier cache = (CachingTokenVerifier) CachingTokenVerifier.wrap(acceptAll, 10, clock);

        for (int i = 0; i < 100; i++) {
            cache.verify("token-" + i);
            assertTrue(cache.size() <= 10, () -> "size " + cache.size());
        }
        assertEquals(100, acceptAll.calls());
    }

    @Test
    void whenFullTheOldestInsertionGoes() {
        RecordingVerifier fake = new RecordingVerifier(token -> accepted(clock.instant().plus(Duration.ofHours(1))));
        TokenVerifier cache = CachingTokenVerifier.wrap(fake, 3, clock);
        List.of("a", "b", "c", "d").forEach(cache::verify);
        List.of("b", "c", "d", "a").forEach(cache::verify);

        assertEquals(List.of("a", "b", "c", "d", "a"), fake.tokens(), "a went for d; b, c and d were hits");
    }

    @Test
    void theBoundHoldsUnderConcurrentUse() throws Exception {
        RecordingVerifier acceptAll = new RecordingVerifier(token -> accepted(clock.instant().plus(Duration.ofHours(1))));
        CachingTokenVerifier cache = (CachingTokenVerifier) CachingTokenVerifier.wrap(acceptAll, 50, clock);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        assertAccepted(cache.verify("token-" + thread + "-" + (i % 300)));
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }

        assertTrue(cache.size() <= 50, () -> "size " + cache.size());
    }

    /** Issued at the manual clock's time: minted in a later second of the real one, it would be from the future. */
    private String token(Duration lifetime) {
        return TestTokens.hs256(SECRET).subject("alice").expiresAt(clock.instant().plus(lifetime))
                .claim("iat", clock.instant().getEpochSecond()).compact();
    }

    private static Verification accepted(Instant expiresAt) {
        return Verification.accepted(new VerifiedToken("alice", expiresAt, Set.of(), Map.of()));
    }

    /** A verifier that records every token it is asked about and answers as its delegate does. */
    private static final class RecordingVerifier implements TokenVerifier {
        private final TokenVerifier delegate;
        private final List<String> tokens = Collections.synchronizedList(new ArrayList<>());

        RecordingVerifier(TokenVerifier delegate) {
            this.delegate = delegate;
        }

        @Override
        public Verification verify(String compactJwt) {
            tokens.add(compactJwt);
            return delegate.verify(compactJwt);
        }

        int calls() {
            return tokens.size();
        }

        List<String> tokens() {
            return List.copyOf(tokens);
        }
    }
}
