package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.testkit.JwksServer;
import dev.gatehouse.testkit.RawUpgrade;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestKeys;
import dev.gatehouse.testkit.TestServer;
import dev.gatehouse.testkit.TestTokens;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The JWKS server stalls in the middle of its body, then serves garbage, then rotates its keys,
 * then goes away, while clients keep connecting with known {@code kid}s and others with made-up
 * ones. Known {@code kid}s are welcomed within a second throughout, made-up ones refused within the
 * short wait, and the rotation is picked up after the stall: no handshake thread and no refresh is
 * held by the identity provider.
 */
class MisbehavingIdentityProviderIT {
    private static final KeyPair OLD = TestKeys.rsa();
    private static final KeyPair NEW = TestKeys.ec256();
    private static final long KNOWN_BOUND_MILLIS = 1000;
    private static final long UNKNOWN_BOUND_MILLIS = 2500;

    private final List<String> problems = new CopyOnWriteArrayList<>();

    @Test
    void knownKidsKeepTheirLatencyWhileTheJwksStallsServesGarbageRotatesAndGoesAway() throws Exception {
        try (JwksServer idp = JwksServer.serving(TestKeys.jwks(Map.of("old", OLD.getPublic())));
                TestServer server = TestServer.start(c -> c.publicKeyLocation(idp.url())
                        .jwksAllowHttp(true).jwksRefreshInterval(Duration.ofMillis(200))
                        .jwksFetchTimeout(Duration.ofMillis(500)).jwksRefetchMinInterval(Duration.ZERO),
                        g -> { })) {
            idp.stallMidBody();
            idp.awaitStall();
            traffic(server, Duration.ofMillis(1500));
            assertEquals(List.of(), problems, "while the JWKS stalls mid-body");

            idp.serve("{\"keys\": \"not a key set\"}");
            traffic(server, Duration.ofSeconds(1));
            assertEquals(List.of(), problems, "while the JWKS serves garbage");

            idp.serve(TestKeys.jwks(Map.of("old", OLD.getPublic(), "new", NEW.getPublic())));
            awaitWelcomed(server, NEW, "ES256", "new");

            idp.goAway();
            traffic(server, Duration.ofSeconds(1));
            welcomedWithin(server, token(NEW, "ES256", "new"));
            assertEquals(List.of(), problems, "after the JWKS went away");
        }
    }

    @Test
    void anUnknownKidDuringAStalledRefetchIsRefusedWithinTheBoundAndWorthRetrying() throws Exception {
        try (JwksServer idp = JwksServer.serving(TestKeys.jwks(Map.of("old", OLD.getPublic())));
                TestServer server = TestServer.start(c -> c.publicKeyLocation(idp.url())
                        .jwksAllowHttp(true).jwksRefetchMinInterval(Duration.ZERO), g -> { })) {
            idp.stallMidBody();

            long start = System.nanoTime();
            RawUpgrade.Response refused = RawUpgrade.send(server.uri(),
                    Map.of("Authorization", "Bearer " + token(NEW, "ES256", "new")));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertEquals(401, refused.status(), refused.raw());
            assertTrue(refused.body().contains("INVALID_TOKEN") && refused.body().contains("retry shortly"), refused.body());
            assertTrue(millis < UNKNOWN_BOUND_MILLIS, "refused after " + millis + " ms");
            traffic(server, Duration.ofMillis(500));
            assertEquals(List.of(), problems);
        }
    }

    /** Known and made-up kids at once, on two threads, for {@code length}. */
    private void traffic(TestServer server, Duration length) throws Exception {
        long end = System.nanoTime() + length.toNanos();
        CompletableFuture<Void> known = CompletableFuture.runAsync(() -> {
            while (System.nanoTime() < end) {
                welcomedWithin(server, token(OLD, "RS256", "old"));
            }
        });
        CompletableFuture<Void> madeUp = CompletableFuture.runAsync(() -> {
            while (System.nanoTime() < end) {
                refusedWithin(server, token(NEW, "ES256", UUID.randomUUID().toString()));
            }
        });
        CompletableFuture.allOf(known, madeUp).get(length.toMillis() + 15_000, TimeUnit.MILLISECONDS);
    }

    private void welcomedWithin(TestServer server, String token) {
        long start = System.nanoTime();
        try (TestClient client = TestClient.connectWelcomed(server.uri(), token)) {
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            if (millis > KNOWN_BOUND_MILLIS) {
                problems.add("a known kid was welcomed after " + millis + " ms");
            }
            client.assertOpen();
        } catch (RuntimeException | AssertionError e) {
            problems.add("a known kid was not welcomed: " + e);
        }
    }

    private void refusedWithin(TestServer server, String token) {
        long start = System.nanoTime();
        try {
            RawUpgrade.Response refused = RawUpgrade.send(server.uri(), Map.of("Authorization", "Bearer " + token));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            if (refused.status() != 401 || !refused.body().contains("INVALID_TOKEN") || millis > UNKNOWN_BOUND_MILLIS) {
                problems.add("a made-up kid got " + refused.status() + " " + refused.body() + " after " + millis + " ms");
            }
        } catch (RuntimeException e) {
            problems.add("a made-up kid got no answer: " + e);
        }
    }

    private static void awaitWelcomed(TestServer server, KeyPair key, String alg, String kid) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            RawUpgrade.Response answer = RawUpgrade.send(server.uri(), Map.of("Authorization", "Bearer " + token(key, alg, kid)));
            if (answer.status() == 101) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "the rotated key was never picked up: " + answer.body());
            Thread.sleep(50);
        }
    }

    /** A fresh token each time, so that every handshake is verified, not answered from the cache. */
    private static String token(KeyPair key, String alg, String kid) {
        return TestTokens.signedWith(key.getPrivate(), alg).kid(kid).subject("alice").claim("jti", UUID.randomUUID().toString())
                .expiresIn(Duration.ofHours(1)).compact();
    }
}
