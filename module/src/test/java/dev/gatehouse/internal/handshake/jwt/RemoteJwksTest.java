package dev.gatehouse.internal.handshake.jwt;

import static dev.gatehouse.internal.handshake.jwt.Outcomes.assertAccepted;
import static dev.gatehouse.internal.handshake.jwt.Outcomes.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.JwtSettings;
import dev.gatehouse.internal.lifecycle.ManualClock;
import dev.gatehouse.internal.metrics.GatehouseMetrics;
import dev.gatehouse.internal.metrics.MicrometerBackend;
import dev.gatehouse.spi.Verification;
import dev.gatehouse.testkit.JwksServer;
import dev.gatehouse.testkit.TestKeys;
import dev.gatehouse.testkit.TestTokens;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A JWKS served over HTTP is fetched at creation, refreshed in the background and on unknown kids,
 * rate-limited; a verification cached from it is reused only while the key set still holds its key.
 */
class RemoteJwksTest {
    private static final KeyPair OLD = TestKeys.rsa();
    private static final KeyPair NEW = TestKeys.ec256();
    private static final KeyPair NEWER = TestKeys.ec256();
    private static final Duration MIN_INTERVAL = Duration.ofSeconds(30);

    private final ManualClock clock = ManualClock.atNow();
    private final JwksServer server = JwksServer.serving(jwks("old", OLD.getPublic()));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private JwtTokenVerifier verifier;
    private CachingTokenVerifier cache;

    @AfterEach
    void stop() {
        if (verifier != null) {
            verifier.close();
        }
        if (cache != null) {
            cache.close();
        }
        server.close();
    }

    @Test
    void keysAreFetchedOnceAtCreation() {
        verifier = open(Duration.ofHours(1));

        assertAccepted(verifier.verify(token(OLD, "RS256", "old")));
        assertAccepted(verifier.verify(token(OLD, "RS256", "old")));
        assertEquals(1, server.requests());
    }

    @Test
    void unknownKidTriggersARefetchThatFindsTheRotatedKey() {
        verifier = open(Duration.ofHours(1));
        server.serve(jwks("old", OLD.getPublic(), "new", NEW.getPublic()));
        clock.advance(MIN_INTERVAL);

        assertAccepted(verifier.verify(token(NEW, "ES256", "new")));
        assertEquals(2, server.requests());
    }

    @Test
    void secondUnknownKidWithinTheMinimumIntervalDoesNotRefetch() {
        verifier = open(Duration.ofHours(1));
        server.serve(jwks("old", OLD.getPublic(), "new", NEW.getPublic()));
        clock.advance(MIN_INTERVAL);
        assertAccepted(verifier.verify(token(NEW, "ES256", "new")));
        server.serve(jwks("new", NEW.getPublic(), "newer", NEWER.getPublic()));
        clock.advance(MIN_INTERVAL.minusSeconds(1));

        String newer = token(NEWER, "ES256", "newer");
        assertEquals("unknown kid", assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(newer), newer));
        assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token(NEWER, "ES256", "unheard-of")), "");
        assertEquals(2, server.requests());

        clock.advance(Duration.ofSeconds(1));
        assertAccepted(verifier.verify(newer));
        assertEquals(3, server.requests());
    }

    @Test
    void unknownKidDuringAFetchSharesItInsteadOfStartingAnother() throws Exception {
        verifier = open(Duration.ofHours(1));
        server.serve(jwks("old", OLD.getPublic(), "new", NEW.getPublic()));
        server.delay(Duration.ofMillis(400));
        clock.advance(MIN_INTERVAL);
        CompletableFuture<Verification> fetching = CompletableFuture.supplyAsync(() -> verifier.verify(token(NEW, "ES256", "new")));
        server.awaitRequests(2);

        long start = System.nanoTime();
        assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token(NEWER, "ES256", "newer")), "");
        long waitedMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();

        assertTrue(waitedMillis < 2000, () -> "waited " + waitedMillis + " ms");
        assertAccepted(fetching.get(5, TimeUnit.SECONDS));
        assertEquals(2, server.requests());
    }

    @Test
    void aBodyOverOneMebibyteKeepsThePreviousKeys() throws InterruptedException {
        verifier = open(Duration.ofMillis(50));
        server.serve("{\"keys\": [], \"padding\": \"" + "x".repeat(1 << 20) + "\"}");

        server.awaitRequests(3);

        assertAccepted(verifier.verify(token(OLD, "RS256", "old")));
    }

    @Test
    void unknownKidRightAfterCreationDoesNotRefetch() {
        verifier = open(Duration.ofHours(1));

        assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token(NEW, "ES256", "new")), "");
        assertEquals(1, server.requests());
    }

    @Test
    void backgroundRefreshPicksUpRotatedKeys() throws InterruptedException {
        verifier = open(Duration.ofMillis(50));
        server.serve(jwks("new", NEW.getPublic()));

        server.awaitRequests(3);

        assertAccepted(verifier.verify(token(NEW, "ES256", "new")));
        assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token(OLD, "RS256", "old")), "");
    }

    @Test
    void failedRefreshKeepsThePreviousKeys() throws InterruptedException {
        verifier = open(Duration.ofMillis(50));
        server.fail(500);

        server.awaitRequests(3);

        assertAccepted(verifier.verify(token(OLD, "RS256", "old")));
    }

    @Test
    void refreshThatServesGarbageKeepsThePreviousKeys() throws InterruptedException {
        verifier = open(Duration.ofMillis(50));
        server.serve("{\"keys\": \"nope\"}");

        server.awaitRequests(3);

        assertAccepted(verifier.verify(token(OLD, "RS256", "old")));
    }

    @Test
    void closeStopsTheBackgroundRefresh() throws InterruptedException {
        verifier = open(Duration.ofMillis(20));
        server.awaitRequests(2);

        verifier.close();
        Thread.sleep(50);
        int afterClose = server.requests();
        Thread.sleep(150);

        assertEquals(afterClose, server.requests());
    }

    @Test
    void aKeyRemovedByARefetchStopsItsCachedTokens() {
        cache = cached(Duration.ofHours(1));
        String old = token(OLD, "RS256", "old");
        assertAccepted(cache.verify(old));
        assertAccepted(cache.verify(old));
        assertEquals(1, hits(), "cached while its key is there");

        server.serve(jwks("new", NEW.getPublic()));
        clock.advance(MIN_INTERVAL);
        assertAccepted(cache.verify(token(NEW, "ES256", "new"))); // an unknown kid: the set is fetched again

        assertRejected(ErrorCode.INVALID_TOKEN, cache.verify(old), old);
        assertEquals(1, hits());
    }

    @Test
    void aKeyRemovedByTheBackgroundRefreshStopsItsCachedTokens() throws InterruptedException {
        cache = cached(Duration.ofMillis(50));
        String old = token(OLD, "RS256", "old");
        assertAccepted(cache.verify(old));

        server.serve(jwks("new", NEW.getPublic()));
        awaitAFetchAfterThis();

        assertRejected(ErrorCode.INVALID_TOKEN, cache.verify(old), old);
    }

    @Test
    void aKeyReplacedUnderItsKidStopsItsCachedTokens() throws InterruptedException {
        cache = cached(Duration.ofMillis(50));
        String old = token(OLD, "RS256", "old");
        assertAccepted(cache.verify(old));

        server.serve(jwks("old", TestKeys.rsa().getPublic()));
        awaitAFetchAfterThis();

        assertRejected(ErrorCode.INVALID_TOKEN, cache.verify(old), old);
    }

    @Test
    void aKeyKeptAcrossARefetchKeepsItsCachedTokens() {
        cache = cached(Duration.ofHours(1));
        String old = token(OLD, "RS256", "old");
        assertAccepted(cache.verify(old));

        server.serve(jwks("old", OLD.getPublic(), "new", NEW.getPublic()));
        clock.advance(MIN_INTERVAL);
        assertAccepted(cache.verify(token(NEW, "ES256", "new")));

        assertAccepted(cache.verify(old));
        assertEquals(1, hits(), "the fetched key equals the one it was verified with");
    }

    /** Waits for two more fetches: the first answered with what is served now, the second asked once it was taken. */
    private void awaitAFetchAfterThis() throws InterruptedException {
        server.awaitRequests(server.requests() + 2);
    }

    private double hits() {
        return registry.get("gatehouse.token.cache").tag("result", "hit").counter().count();
    }

    private CachingTokenVerifier cached(Duration refreshInterval) {
        return CachingTokenVerifier.wrap(open(refreshInterval), 100, clock,
                new GatehouseMetrics(new MicrometerBackend(registry), List.of()));
    }

    private JwtTokenVerifier open(Duration refreshInterval) {
        JwtSettings settings = GatehouseConfig.builder()
                .publicKeyLocation(server.url())
                .jwksRefreshInterval(refreshInterval)
                .jwksRefetchMinInterval(MIN_INTERVAL)
                .jwksAllowHttp(true)
                .build().jwt();
        return (JwtTokenVerifier) JwtTokenVerifier.create(settings, clock);
    }

    private String token(KeyPair key, String alg, String kid) {
        return TestTokens.signedWith(key.getPrivate(), alg).kid(kid).subject("alice")
                .expiresAt(clock.instant().plus(Duration.ofHours(1))).compact();
    }

    private static String jwks(Object... kidsAndKeys) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        for (int i = 0; i < kidsAndKeys.length; i += 2) {
            keys.put((String) kidsAndKeys[i], (PublicKey) kidsAndKeys[i + 1]);
        }
        return TestKeys.jwks(keys);
    }
}
