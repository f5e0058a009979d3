package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.Connection;
import dev.gatehouse.ConnectionState;
import dev.gatehouse.JoinDecision;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.internal.handshake.jwt.JwtTokenVerifier;
import dev.gatehouse.spi.AsyncFrameHandler;
import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.spi.LifecycleListener;
import dev.gatehouse.spi.TokenVerifier;
import dev.gatehouse.spi.Verification;
import dev.gatehouse.testkit.JwksServer;
import dev.gatehouse.testkit.Neighbour;
import dev.gatehouse.testkit.RawUpgrade;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestKeys;
import dev.gatehouse.testkit.TestServer;
import dev.gatehouse.testkit.TestTokens;
import dev.gatehouse.testkit.Uninterruptibly;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every kind of application code and remote service that can hang hangs at once, on one standalone
 * server, while a well-behaved neighbour sends an {@code echo} every 20 ms: a handler that ignores
 * interrupts, an async handler that never completes, a readiness check, a connection setup, a
 * lifecycle listener, a room authorizer, an application's token verifier, and the identity
 * provider's JWKS stalling mid-body. Each gets its documented answer within its bound, and the
 * neighbour's echo p99 stays within a liveness bound; its p50 and p99 are written to
 * {@code target/slow-dependencies-neighbour.txt}. (Redis hanging: {@code gatehouse-redis}'s
 * {@code SlowRedisIT}; the same suite on Payara and WildFly: {@code it-tests}.)
 */
class SlowDependenciesIT {
    private static final Duration LIMIT = Duration.ofSeconds(1);
    /** Generous: a bound on being answered at all, not a speed target. */
    private static final Duration NEIGHBOUR_BOUND = Duration.ofMillis(750);
    private static final int EACH = 4;
    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static final AtomicBoolean READINESS_HANGS = new AtomicBoolean();
    private static final KeyPair KEY = TestKeys.rsa();
    private static JwksServer jwks;
    private static TestServer server;

    @BeforeAll
    static void start() {
        jwks = JwksServer.serving(TestKeys.jwks(Map.of("k1", KEY.getPublic())));
        TokenVerifier jwt = JwtTokenVerifier.create(GatehouseConfig.builder().publicKeyLocation(jwks.url()).jwksAllowHttp(true)
                .jwksRefetchMinInterval(Duration.ZERO).build().jwt(), Clock.systemUTC());
        TokenVerifier introspecting = token -> {
            Verification verdict = jwt.verify(token);
            if (verdict instanceof Verification.Accepted accepted && accepted.token().subject().startsWith("hang-verifier")) {
                Uninterruptibly.await(RELEASE); // the introspection endpoint does not answer
            }
            return verdict;
        };
        // The verifier's bound is longer than the 1 s an unknown kid waits for the key set inside it.
        server = TestServer.startWithoutKey(c -> c.handlerTimeout(LIMIT).readyTimeout(LIMIT)
                .authTimeout(LIMIT.multipliedBy(2)), g -> g
                .tokenVerifier(introspecting)
                .handler(FrameHandler.of("echo", JsonObject.class, (d, ctx) -> ctx.reply("echo", d)))
                .handler(FrameHandler.of("stuck", JsonObject.class, (d, ctx) -> Uninterruptibly.await(RELEASE)))
                .handler(AsyncFrameHandler.of("never", JsonObject.class, (d, ctx) -> new CompletableFuture<Void>()))
                .handler(FrameHandler.of("join", JsonObject.class, (d, ctx) -> {
                    ctx.rooms().join(d.getString("room"));
                    ctx.reply("joined", null);
                }))
                .roomAuthorizer((connection, room) -> {
                    if (room.equals("slow:room")) {
                        Uninterruptibly.await(RELEASE); // a permission service that does not answer
                    }
                    return JoinDecision.allow();
                })
                .readinessCheck(() -> {
                    if (READINESS_HANGS.get()) {
                        Uninterruptibly.await(RELEASE); // a database ping that does not answer
                    }
                    return true;
                })
                .connectionSetup(connection -> {
                    if (connection.token().subject().startsWith("hang-setup")) {
                        Uninterruptibly.await(RELEASE);
                    }
                    return null;
                })
                .listener(new LifecycleListener() {
                    @Override
                    public void onTransition(Connection connection, ConnectionState from, ConnectionState to) {
                        if (connection.token().subject().startsWith("hang-listener")) {
                            Uninterruptibly.await(RELEASE); // an audit log that does not answer
                        }
                    }
                }));
    }

    @AfterAll
    static void stop() {
        RELEASE.countDown();
        server.close();
        jwks.close();
    }

    @Test
    void everythingThatCanHangHangsAtOnceAndEachIsAnsweredWhileTheNeighbourStaysPrompt() throws Exception {
        ExecutorService handshakes = Executors.newCachedThreadPool();
        List<TestClient> clients = new ArrayList<>();
        try (Neighbour neighbour = new Neighbour(TestClient.connectWelcomed(server.uri(), token("neighbour", "k1")),
                Neighbour.Trip.ECHO)) {
            for (int i = 0; i < 3 * EACH; i++) {
                clients.add(TestClient.connectWelcomed(server.uri(), token("user" + i, "k1")));
            }
            neighbour.startScenario();

            // Handlers, the async one and the room authorizer all hang in their connections' turns.
            for (int i = 0; i < EACH; i++) {
                clients.get(i).send("stuck", "s", null);
                clients.get(EACH + i).send("never", "n", null);
                clients.get(2 * EACH + i).send("join", "j", Json.createObjectBuilder().add("room", "slow:room").build());
            }
            // Listeners hang on these connections' transitions; setups on those; the verifier on those
            // handshakes; and the identity provider stalls while these tokens name a key it does not serve yet.
            List<Future<TestClient>> listened = new ArrayList<>();
            List<Future<TestClient>> setUp = new ArrayList<>();
            List<Future<RawUpgrade.Response>> verified = new ArrayList<>();
            List<Future<RawUpgrade.Response>> unknownKid = new ArrayList<>();
            jwks.stallMidBody();
            for (int i = 0; i < EACH; i++) {
                String listener = token("hang-listener" + i, "k1");
                String setup = token("hang-setup" + i, "k1");
                String verifier = token("hang-verifier" + i, "k1");
                String rotated = token("rotated" + i, "k2");
                listened.add(handshakes.submit(() -> TestClient.connectWelcomed(server.uri(), listener)));
                setUp.add(handshakes.submit(() -> TestClient.connect(server.uri(), setup)));
                verified.add(handshakes.submit(() -> bearer(verifier)));
                unknownKid.add(handshakes.submit(() -> bearer(rotated)));
            }

            for (int i = 0; i < EACH; i++) {
                assertEquals("s", clients.get(i).nextError("HANDLER_TIMEOUT").getString("reply_to"));
                assertEquals("n", clients.get(EACH + i).nextError("HANDLER_TIMEOUT").getString("reply_to"));
                assertEquals("j", clients.get(2 * EACH + i).nextError("HANDLER_TIMEOUT").getString("reply_to"));
            }
            for (Future<TestClient> welcomed : listened) {
                clients.add(welcomed.get(5, TimeUnit.SECONDS)); // welcomed: listeners are told later, on their own threads
            }
            for (Future<TestClient> refused : setUp) {
                TestClient client = refused.get(5, TimeUnit.SECONDS);
                clients.add(client);
                client.nextError("SERVICE_UNAVAILABLE");
                client.assertClosed(1013, "SERVICE_UNAVAILABLE");
            }
            for (Future<RawUpgrade.Response> refused : verified) {
                RawUpgrade.Response response = refused.get(5, TimeUnit.SECONDS);
                assertEquals(503, response.status(), response.raw());
                assertTrue(response.body().contains("SERVICE_UNAVAILABLE"), response.raw());
            }
            for (Future<RawUpgrade.Response> refused : unknownKid) {
                RawUpgrade.Response response = refused.get(5, TimeUnit.SECONDS);
                assertEquals(401, response.status(), response.raw());
                assertTrue(response.body().contains("retry"), response.raw());
            }

            // Last, the readiness check hangs: a newcomer is refused 1013 within the bound, never hung.
            READINESS_HANGS.set(true);
            Thread.sleep(1100); // past the second an answer serves every connection
            try (TestClient late = TestClient.connect(server.uri(), token("late", "k1"))) {
                late.nextError("SERVICE_UNAVAILABLE");
                late.assertClosed(1013, "SERVICE_UNAVAILABLE");
            }

            neighbour.assertHealthy(NEIGHBOUR_BOUND);
            Files.writeString(Path.of("target", "slow-dependencies-neighbour.txt"),
                    neighbour.summary("every dependency hanging at once (embedded server)") + "\n");
        } finally {
            RELEASE.countDown();
            clients.forEach(TestClient::close);
            handshakes.shutdownNow();
        }
    }

    private static String token(String subject, String kid) {
        return TestTokens.signedWith(KEY.getPrivate(), "RS256").kid(kid).subject(subject).expiresIn(Duration.ofHours(1))
                .compact();
    }

    private static RawUpgrade.Response bearer(String token) {
        return RawUpgrade.send(server.uri(), Map.of("Authorization", "Bearer " + token));
    }
}
