package dev.gatehouse.internal.handshake;

import static dev.gatehouse.internal.handshake.FakeRequest.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.VerifiedToken;
import dev.gatehouse.internal.lifecycle.Timer;
import dev.gatehouse.internal.lifecycle.Workers;
import dev.gatehouse.internal.metrics.GatehouseMetrics;
import dev.gatehouse.spi.TokenVerifier;
import dev.gatehouse.spi.Verification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A container thread that waits for an application's verifier ({@link HandshakeGate#check}: a WAR's
 * servlet filter) waits only while fewer than {@code gatehouse.auth.waiting-threads} do: with the
 * verifier hanging, the request beyond them is refused {@code SERVICE_UNAVAILABLE} at once instead
 * of holding one more of the server's request threads until the auth limit.
 */
class ThreadsWaitingForTheVerifierTest {
    private static final Duration LIMIT = Duration.ofSeconds(5);
    private final CountDownLatch release = new CountDownLatch(1);
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    private final Timer timer = (task, delay) -> {
        var f = scheduler.schedule(task, delay, TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    };
    private final Workers verifierThreads = new Workers("verifier", 4, 4, 100, timer, Workers.daemonThreads("test-verifier"));
    private final ExecutorService requestThreads = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        release.countDown();
        requestThreads.shutdownNow();
        verifierThreads.shutdownNow();
        scheduler.shutdownNow();
    }

    @Test
    void aRequestBeyondTheWaitingThreadsIsRefusedAtOnceAndTheBoundFreesAsVerdictsCome() throws Exception {
        CountDownLatch entered = new CountDownLatch(2);
        TokenVerifier hanging = token -> {
            entered.countDown();
            awaitIgnoringInterrupts(release);
            return Verification.accepted(new VerifiedToken("u", Instant.now().plusSeconds(60), Set.of(), Map.of()));
        };
        GatehouseConfig config = GatehouseConfig.builder().authTimeout(LIMIT).authWaitingThreads(2).build();
        HandshakeGate gate = new HandshakeGate(config, hanging, List.of(), verifierThreads, timer,
                RevocationList.of(config, Clock.systemUTC(), GatehouseMetrics.none()));
        List<Future<Verification>> waiting = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            waiting.add(requestThreads.submit(() -> gate.check(request().header("Authorization", "Bearer t"))));
        }
        assertTrue(entered.await(5, TimeUnit.SECONDS), "the verifier was not called twice");

        long start = System.nanoTime();
        Verification beyond = gate.check(request().header("Authorization", "Bearer t"));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        Verification.Rejected refused = assertInstanceOf(Verification.Rejected.class, beyond);
        assertEquals(ErrorCode.SERVICE_UNAVAILABLE, refused.code());
        assertTrue(millis < 1000, "refused after " + millis + " ms, with the limit at " + LIMIT.toMillis() + " ms");
        assertEquals(ErrorCode.NO_TOKEN, assertInstanceOf(Verification.Rejected.class, gate.check(request())).code(),
                "a request without a token gets its own answer, full or not");

        release.countDown();
        for (Future<Verification> w : waiting) {
            assertInstanceOf(Verification.Accepted.class, w.get(5, TimeUnit.SECONDS));
        }
        assertInstanceOf(Verification.Accepted.class, gate.check(request().header("Authorization", "Bearer t")),
                "the places are free again");
    }

    /** As an introspection call without a timeout waits. */
    private static void awaitIgnoringInterrupts(CountDownLatch latch) {
        long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < giveUp) {
            try {
                if (latch.await(1, TimeUnit.SECONDS)) {
                    return;
                }
            } catch (InterruptedException ignored) {
                // keeps waiting
            }
        }
    }
}
