package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.Gatehouse;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A connection whose readiness does not pass within {@code readyTimeout} gets SERVICE_UNAVAILABLE
 * instead of a welcome, then close 1013, and is never left hanging (PROTOCOL.md §6).
 */
class ReadinessFailureIT {
    /** Far above the 500 ms bound, far below a hang: timing is asserted loosely on purpose. */
    private static final Duration WITHIN = Duration.ofSeconds(5);
    private static final CountDownLatch RELEASE_HUNG = new CountDownLatch(1);

    @AfterAll
    static void releaseHungChecks() {
        RELEASE_HUNG.countDown();
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("check returns false", (Consumer<Gatehouse.Builder>) g -> g.readinessCheck(() -> false)),
                Arguments.of("check throws", (Consumer<Gatehouse.Builder>) g -> g.readinessCheck(() -> {
                    throw new IllegalStateException("database down");
                })),
                Arguments.of("check hangs", (Consumer<Gatehouse.Builder>) g -> g.readinessCheck(() -> {
                    RELEASE_HUNG.await(30, TimeUnit.SECONDS);
                    return true;
                })),
                Arguments.of("setup fails", (Consumer<Gatehouse.Builder>) g -> g.connectionSetup(
                        c -> CompletableFuture.failedFuture(new IllegalStateException("no rooms")))),
                Arguments.of("setup never completes", (Consumer<Gatehouse.Builder>) g -> g.connectionSetup(
                        c -> new CompletableFuture<Void>())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void failedReadinessGetsServiceUnavailableThenClose1013(String name, Consumer<Gatehouse.Builder> failure) {
        try (TestServer server = TestServer.start(c -> c.readyTimeout(Duration.ofMillis(500)), failure);
                TestClient client = TestClient.connect(server.uri(), TestServer.token("alice"))) {
            long start = System.nanoTime();
            client.nextError("SERVICE_UNAVAILABLE");
            client.assertClosed(1013, "SERVICE_UNAVAILABLE");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(WITHIN) < 0, name + " took " + took);
        }
    }
}
