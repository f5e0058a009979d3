package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.Connection;
import dev.gatehouse.spi.LifecycleListener;
import dev.gatehouse.testkit.LogCapture;
import dev.gatehouse.testkit.RawWebSocket;
import dev.gatehouse.testkit.RecordingListener;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Stopping the server closes every client with 1001 SERVER_SHUTDOWN, not an abrupt 1006; every
 * connection's close reaches the listeners and the log, a client that never answers the close
 * included; and {@code stopOnTermination()} does all that on SIGTERM before the JVM shuts down.
 */
class ShutdownIT {

    @Test
    void stopClosesEveryConnectionWith1001() {
        try (TestServer server = TestServer.start(g -> { });
                TestClient alice = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"));
                TestClient alice2 = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"));
                TestClient bob = TestClient.connectWelcomed(server.uri(), TestServer.token("bob"))) {
            server.server().stop();
            alice.assertClosed(1001, "SERVER_SHUTDOWN");
            alice2.assertClosed(1001, "SERVER_SHUTDOWN");
            bob.assertClosed(1001, "SERVER_SHUTDOWN");
        }
    }

    @Test
    void stopClosesAConnectionStillWaitingForItsWelcomeWith1001() {
        RecordingListener lifecycle = new RecordingListener();
        try (TestServer server = TestServer.start(g -> g.listener(lifecycle).connectionSetup(c -> new CompletableFuture<Void>()));
                TestClient client = TestClient.connect(server.uri(), TestServer.token("alice"))) {
            lifecycle.assertEvents("alice", "CONNECTING->AUTHENTICATED", "AUTHENTICATED->OPEN");
            server.server().stop();
            client.assertClosed(1001, "SERVER_SHUTDOWN");
        }
    }

    @Test
    void everyConnectionsCloseReachesTheListenersAndTheLogEvenWhenClientsDoNotAnswerTheClose() throws Exception {
        List<String> closed = new CopyOnWriteArrayList<>();
        LifecycleListener slowListener = new LifecycleListener() {
            @Override
            public void onClosed(Connection connection, int code, String reason) {
                try {
                    Thread.sleep(3000); // still running when the 2 s of the stop's grace are over
                    closed.add(connection.token().subject() + " " + code);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // cut short: not heard
                }
            }
        };
        TestServer server = TestServer.start(g -> g.listener(slowListener));
        List<TestClient> clients = new ArrayList<>();
        try (LogCapture logs = LogCapture.of("dev.gatehouse.lifecycle");
                RawWebSocket silent = RawWebSocket.connect(server.uri(), TestServer.token("silent"))) {
            silent.next(); // the welcome; from now on it reads nothing and never answers a close
            for (int i = 0; i < 20; i++) {
                clients.add(TestClient.connectWelcomed(server.uri(), TestServer.token("user" + i)));
            }
            server.close(); // 2 s for the clients to answer; the silent one never does
            assertEquals(21, closed.size(), "every connection's onClosed ran: " + closed);
            assertTrue(closed.contains("silent 1001"), closed.toString());
            assertEquals(21, logs.matching(r -> LogCapture.describe(r).contains("] closed 1001 SERVER_SHUTDOWN")).size(),
                    "one close line per connection");
        } finally {
            clients.forEach(TestClient::close);
        }
    }

    @Test
    void stopOnTerminationStopsTheServerOnSigtermBeforeTheJvmShutsDownSoItsCloseLinesAreLogged() throws Exception {
        Path log = Files.createTempFile("gatehouse-sigterm", ".log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TerminatedServer.class.getName())
                .redirectError(log.toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String port = out.readLine();
            assertTrue(port != null && port.startsWith("PORT "), "the child did not start: " + port + "\n" + Files.readString(log));
            try (TestClient client = TestClient.connectWelcomed(
                    URI.create("ws://127.0.0.1:" + port.substring(5) + "/ws"), TestServer.token("alice"))) {
                child.destroy(); // SIGTERM
                client.assertClosed(1001, "SERVER_SHUTDOWN");
            }
            assertTrue(child.waitFor(20, TimeUnit.SECONDS), "the child did not end");
            assertEquals(143, child.exitValue(), "exits as the JVM does on SIGTERM");
            String lines = Files.readString(log);
            assertTrue(lines.contains("] closed 1001 SERVER_SHUTDOWN"), "no close line in the child's log:\n" + lines);
        } finally {
            child.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    /** The child of the SIGTERM test: a server that stops on termination, until it is killed. */
    public static final class TerminatedServer {
        public static void main(String[] args) throws InterruptedException {
            TestServer server = TestServer.start(g -> { });
            server.server().stopOnTermination();
            System.out.println("PORT " + server.uri().getPort());
            System.out.flush();
            new CountDownLatch(1).await();
        }
    }
}
