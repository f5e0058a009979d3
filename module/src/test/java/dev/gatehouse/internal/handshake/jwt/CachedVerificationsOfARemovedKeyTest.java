package dev.gatehouse.internal.handshake.jwt;

import static dev.gatehouse.internal.handshake.jwt.Outcomes.assertAccepted;
import static dev.gatehouse.internal.handshake.jwt.Outcomes.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.JwtSettings;
import dev.gatehouse.internal.lifecycle.ManualClock;
import dev.gatehouse.internal.metrics.GatehouseMetrics;
import dev.gatehouse.internal.metrics.MicrometerBackend;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A verification cached from a JWKS served over HTTP is reused only while the key set still holds
 * its key: a key removed (or replaced under its {@code kid}) by a refresh stops its cached tokens at
 * their next lookup; a key kept across refreshes keeps them cached.
 */
class CachedVerificationsOfARemovedKeyTest {
    private static final KeyPair OLD = TestKeys.rsa();
    private static final KeyPair NEW = TestKeys.ec256();
    private static final Duration MIN_INTERVAL = Duration.ofSeconds(30);

    private final ManualClock clock = ManualClock.atNow();
    private final JwksServer server = JwksServer.serving(jwks("old", OLD.getPublic()));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private CachingTokenVerifier cache;

    @AfterEach
    void stop() {
        if (cache != null) {
            cache.close();
        }
        server.close();
    }

    @Test
    void aKeyRemovedByARefetchStopsItsCachedTokens() {
        cache = open(Duration.ofHours(1));
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
        cache = open(Duration.ofMillis(50));
        String old = token(OLD, "RS256", "old");
        assertAccepted(cache.verify(old));

        server.serve(jwks("new", NEW.getPublic()));
        awaitAFetchAfterThis();

        assertRejected(ErrorCode.INVALID_TOKEN, cache.verify(old), old);
    }

    @Test
    void aKeyReplacedUnderItsKidStopsItsCachedTokens() throws InterruptedException {
        cache = open(Duration.ofMillis(50));
        String old = token(OLD, "RS256", "old");
        assertAccepted(cache.verify(old));

        server.serve(jwks("old", TestKeys.rsa().getPublic()));
        awaitAFetchAfterThis();

        assertRejected(ErrorCode.INVALID_TOKEN, cache.verify(old), old);
    }

    @Test
    void aKeyKeptAcrossARefetchKeepsItsCachedTokens() {
        cache = open(Duration.ofHours(1));
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

    private CachingTokenVerifier open(Duration refreshInterval) {
        JwtSettings settings = JwtSettings.builder()
                .publicKeyLocation(server.url())
                .jwksRefreshInterval(refreshInterval)
                .jwksRefetchMinInterval(MIN_INTERVAL)
                .jwksAllowHttp(true)
                .build();
        return CachingTokenVerifier.wrap(JwtTokenVerifier.create(settings, clock), 100, clock,
                new GatehouseMetrics(new MicrometerBackend(registry), List.of()));
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
