package dev.gatehouse.internal.handshake.jwt;

import static dev.gatehouse.internal.handshake.jwt.Outcomes.assertAccepted;
import static dev.gatehouse.internal.handshake.jwt.Outcomes.assertRejected;
import static dev.gatehouse.internal.handshake.jwt.Within.within;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.JwtSettings;
import dev.gatehouse.spi.Verification;
import dev.gatehouse.testkit.JwksServer;
import dev.gatehouse.testkit.TestKeys;
import dev.gatehouse.testkit.TestTokens;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An identity provider that sends the headers and half the JWKS, then nothing: the fetch is
 * abandoned at its deadline, the refresh goes on, and a token with an unknown {@code kid} waits for
 * it at most the short bound, once per fetch, and is refused as worth retrying.
 */
class StalledJwksTest {
    private static final KeyPair OLD = TestKeys.rsa();
    private static final KeyPair NEW = TestKeys.ec256();

    private final JwksServer idp = JwksServer.serving(TestKeys.jwks(Map.of("old", OLD.getPublic())));
    private JwtTokenVerifier verifier;

    @AfterEach
    void stop() {
        if (verifier != null) {
            verifier.close();
        }
        idp.close();
    }

    @Test
    void aFetchStalledMidBodyIsAbandonedAtItsDeadlineAndKeyRotationGoesOn() throws Exception {
        verifier = open(b -> b.jwksRefreshInterval(Duration.ofMillis(100)).jwksFetchTimeout(Duration.ofMillis(300)));
        idp.stallMidBody();
        idp.awaitStall();

        idp.serve(TestKeys.jwks(Map.of("new", NEW.getPublic())));

        String rotated = token(NEW, "ES256", "new");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Verification last = within(Duration.ofSeconds(3), () -> verifier.verify(rotated));
        while (!last.isAccepted() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            last = within(Duration.ofSeconds(3), () -> verifier.verify(rotated));
        }
        assertAccepted(last);
        assertTrue(idp.stalled() >= 1, "the stalled answer is still stalled: the refresh went on without it");
    }

    @Test
    void anUnknownKidDuringAStalledFetchIsRefusedWithinTheBoundAsWorthRetrying() throws Exception {
        verifier = open(b -> b.jwksRefetchMinInterval(Duration.ZERO).jwksFetchTimeout(Duration.ofSeconds(30)));
        idp.stallMidBody();
        String unknown = token(NEW, "ES256", "new");

        long start = System.nanoTime();
        Verification refused = within(Duration.ofSeconds(3), () -> verifier.verify(unknown));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        String message = assertRejected(ErrorCode.INVALID_TOKEN, refused, unknown);
        assertTrue(message.startsWith("unknown kid") && message.contains("retry"), message);
        assertTrue(millis < 2500, "refused after " + millis + " ms");
        assertAccepted(within(Duration.ofSeconds(1), () -> verifier.verify(token(OLD, "RS256", "old"))));
    }

    @Test
    void aFloodOfMadeUpKidsDuringAStalledFetchWaitsOnceAndFetchesOnce() throws Exception {
        verifier = open(b -> b.jwksRefetchMinInterval(Duration.ZERO).jwksFetchTimeout(Duration.ofSeconds(30)));
        idp.stallMidBody();
        assertRejected(ErrorCode.INVALID_TOKEN, within(Duration.ofSeconds(3), () -> verifier.verify(madeUpKid())), "");

        List<String> madeUp = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            madeUp.add(madeUpKid());
        }
        long start = System.nanoTime();
        List<CompletableFuture<Verification>> flood = new ArrayList<>();
        for (String token : madeUp) {
            flood.add(CompletableFuture.supplyAsync(() -> verifier.verify(token)));
        }
        for (CompletableFuture<Verification> refused : flood) {
            assertRejected(ErrorCode.INVALID_TOKEN, refused.get(3, TimeUnit.SECONDS), "");
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertTrue(millis < 2000, "200 made-up kids took " + millis + " ms: they waited again");
        assertEquals(2, idp.requests(), "the first fetch and the one refetch, shared");
    }

    @Test
    void theStageAfterAnUnknownKidCompletesWithTheWholeFetchNotTheShortWait() throws Exception {
        JwtSettings settings = settings(b -> b.jwksRefetchMinInterval(Duration.ZERO));
        try (RemoteJwks jwks = RemoteJwks.open(settings, Clock.systemUTC())) {
            idp.serve(TestKeys.jwks(Map.of("old", OLD.getPublic(), "new", NEW.getPublic())));
            idp.delay(RemoteJwks.UNKNOWN_KID_WAIT.multipliedBy(2));

            KeySet after = jwks.afterUnknownKid().toCompletableFuture().get(5, TimeUnit.SECONDS);

            assertTrue(after.select("new") != null, "the rotated key, after a fetch longer than the short wait");
            assertEquals(2, idp.requests());
        }
    }

    private JwtTokenVerifier open(java.util.function.UnaryOperator<GatehouseConfig.Builder> settings) {
        return (JwtTokenVerifier) JwtTokenVerifier.create(settings(settings), Clock.systemUTC());
    }

    private JwtSettings settings(java.util.function.UnaryOperator<GatehouseConfig.Builder> settings) {
        return settings.apply(GatehouseConfig.builder().publicKeyLocation(idp.url()).jwksAllowHttp(true)
                .jwksRefreshInterval(Duration.ofHours(1))).build().jwt();
    }

    private static String madeUpKid() {
        return token(NEW, "ES256", UUID.randomUUID().toString());
    }

    private static String token(KeyPair key, String alg, String kid) {
        return TestTokens.signedWith(key.getPrivate(), alg).kid(kid).subject("alice").expiresIn(Duration.ofHours(1)).compact();
    }
}
