package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.Connection;
import dev.gatehouse.Gatehouse;
import dev.gatehouse.spi.LifecycleListener;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A connection refused before its welcome, even by a check that fails at once on the opening
 * thread, is fully closed: listeners hear it, and it leaves the server's books.
 */
class RefusedBeforeWelcomeCleanupIT {

    @Test
    void readinessCheckThatFailsAtOnceStillClosesTheConnectionCompletely() throws InterruptedException {
        assertClosedAndForgotten(g -> g.readinessCheck(() -> false));
    }

    @Test
    void setupThatThrowsOnTheOpeningThreadStillClosesTheConnectionCompletely() throws InterruptedException {
        assertClosedAndForgotten(g -> g.connectionSetup(c -> {
            throw new IllegalStateException("setup bug");
        }));
    }

    private static void assertClosedAndForgotten(Consumer<Gatehouse.Builder> failingReadiness)
            throws InterruptedException {
        BlockingQueue<String> closes = new LinkedBlockingQueue<>();
        LifecycleListener recorder = new LifecycleListener() {
            @Override
            public void onClosed(Connection connection, int code, String reason) {
                closes.add(code + " " + reason);
            }
        };
        try (TestServer server = TestServer.start(g -> failingReadiness.accept(g.listener(recorder)));
             TestClient client = TestClient.connect(server.uri(), TestServer.token("refused"))) {
            client.nextError("SERVICE_UNAVAILABLE");
            client.assertClosed(1013, "SERVICE_UNAVAILABLE");
            assertEquals("1013 SERVICE_UNAVAILABLE", closes.poll(TestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS));
        }
    }
}
