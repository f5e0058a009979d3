package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.internal.handshake.jwt.JwtTokenVerifier;
import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.spi.TokenVerifier;
import dev.gatehouse.spi.Verification;
import dev.gatehouse.testkit.Neighbour;
import dev.gatehouse.testkit.RawUpgrade;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import dev.gatehouse.testkit.Uninterruptibly;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An application's {@code TokenVerifier} that hangs (a token introspection call to a server that
 * does not answer) costs the handshakes it hangs on, answered {@code 503 SERVICE_UNAVAILABLE} at
 * {@code gatehouse.auth.timeout}, and nothing else: it runs on Gatehouse's verifier threads while
 * the request waits without a Grizzly thread, so other handshakes and a neighbour's echoes go on.
 */
class HangingTokenVerifierIT {
    private static final int HANGING = 16;
    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static TestServer server;

    @BeforeAll
    static void start() {
        TokenVerifier jwt = JwtTokenVerifier.create(GatehouseConfig.builder().hmacSecret(TestServer.SECRET).build().jwt(),
                Clock.systemUTC());
        TokenVerifier introspecting = token -> {
            Verification verdict = jwt.verify(token);
            if (verdict instanceof Verification.Accepted accepted && accepted.token().subject().startsWith("hang")) {
                Uninterruptibly.await(RELEASE); // the introspection endpoint does not answer
            }
            return verdict;
        };
        server = TestServer.startWithoutKey(c -> c.authTimeout(Duration.ofSeconds(1)), g -> g
                .tokenVerifier(introspecting)
                .handler(FrameHandler.of("echo", JsonObject.class, (d, ctx) -> ctx.reply("echo", d))));
    }

    @AfterAll
    static void stop() {
        RELEASE.countDown();
        server.close();
    }

    @Test
    void handshakesTheVerifierHangsOnAreRefused503AtTheLimitWhileOthersAndANeighbourGoOn() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(HANGING);
        try (Neighbour neighbour = new Neighbour(TestClient.connectWelcomed(server.uri(), TestServer.token("neighbour")),
                Neighbour.Trip.ECHO)) {
            neighbour.startScenario();
            List<Future<RawUpgrade.Response>> hanging = new ArrayList<>();
            for (int i = 0; i < HANGING; i++) {
                String token = TestServer.token("hang" + i);
                hanging.add(clients.submit(() -> RawUpgrade.send(server.uri(), Map.of("Authorization", "Bearer " + token))));
            }
            long start = System.nanoTime();
            try (TestClient newcomer = TestClient.connectWelcomed(server.uri(), TestServer.token("newcomer"))) {
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(millis < 1000, "the newcomer was welcomed after " + millis + " ms");
                newcomer.assertOpen();
            }
            for (Future<RawUpgrade.Response> refusal : hanging) {
                RawUpgrade.Response response = refusal.get(10, TimeUnit.SECONDS);
                assertEquals(503, response.status(), response.raw());
                assertTrue(response.body().contains("SERVICE_UNAVAILABLE"), response.raw());
                assertTrue(response.header("Retry-After") != null, response.raw());
                assertTrue(response.elapsed().compareTo(Duration.ofSeconds(3)) < 0, "answered after " + response.elapsed());
            }
            neighbour.assertHealthy(Duration.ofMillis(500));
        } finally {
            clients.shutdownNow();
        }
    }
}
