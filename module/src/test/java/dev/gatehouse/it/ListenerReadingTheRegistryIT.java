package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.Connection;
import dev.gatehouse.ConnectionState;
import dev.gatehouse.Connections;
import dev.gatehouse.spi.LifecycleListener;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's metrics suggestion: a listener that reads {@code connections().count()} when a
 * connection becomes READY, with 200 connections opening at once. Every one is welcomed within the
 * test client's wait. Regression: this deadlocked the server (each connection's READY was announced
 * while its lock was held, and count() read every other connection's state under its lock).
 */
class ListenerReadingTheRegistryIT {
    private static final int CONNECTIONS = 200;

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a deadlocked server must fail the test, not hang the build
    void twoHundredConcurrentConnectsAreAllWelcomedWhileAListenerCountsConnectionsOnReady() throws Exception {
        AtomicReference<Connections> registry = new AtomicReference<>();
        AtomicInteger counted = new AtomicInteger();
        LifecycleListener counting = new LifecycleListener() {
            @Override
            public void onTransition(Connection connection, ConnectionState from, ConnectionState to) {
                if (to == ConnectionState.READY) {
                    counted.accumulateAndGet(registry.get().count(), Math::max);
                }
            }
        };
        try (TestServer server = TestServer.start(g -> g.listener(counting))) {
            registry.set(server.connections());
            ExecutorService openers = Executors.newFixedThreadPool(CONNECTIONS);
            List<Future<TestClient>> opening = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                String user = "counted-" + i;
                opening.add(openers.submit(() -> TestClient.connectWelcomed(server.uri(), TestServer.token(user))));
            }
            List<TestClient> clients = new ArrayList<>();
            try {
                for (Future<TestClient> f : opening) {
                    clients.add(f.get(TestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS));
                }
                assertEquals(CONNECTIONS, server.connections().count());
                clients.get(0).assertOpen();
                assertTrue(counted.get() > 0, "the listener ran and counted READY connections");
            } finally {
                openers.shutdownNow();
                clients.forEach(TestClient::close);
            }
        }
    }
}
