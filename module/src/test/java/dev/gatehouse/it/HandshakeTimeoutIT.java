package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.testkit.RawUpgrade;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A socket that does not complete an upgrade request within {@code gatehouse.handshake.timeout} is
 * answered 408 and closed (PROTOCOL.md §1.4). Regression: a silent socket, half a request line and
 * an upgrade trickled a byte a second were all still open after 90 s.
 */
class HandshakeTimeoutIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** The deadline, plus the timer's and the machine's slack. */
    private static final Duration BOUND = TIMEOUT.plusSeconds(2);
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.handshakeTimeout(TIMEOUT), g -> { });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Socket open() throws IOException {
        Socket socket = new Socket(server.uri().getHost(), server.uri().getPort());
        socket.setSoTimeout((int) BOUND.toMillis());
        return socket;
    }

    @Test
    void silentSocketIsClosedAfterTheTimeout() throws Exception {
        try (Socket socket = open()) {
            long start = System.nanoTime();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertClosedInTime(start);
            assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 408"), answer);
        }
    }

    @Test
    void halfARequestLineIsAnswered408AndClosed() throws Exception {
        try (Socket socket = open()) {
            long start = System.nanoTime();
            socket.getOutputStream().write("GET /w".getBytes(StandardCharsets.US_ASCII));
            RawUpgrade.Response r = RawUpgrade.read(socket);
            assertEquals(408, r.status(), r.raw());
            assertTrue(r.body().contains("HANDSHAKE_TIMEOUT"), r.raw());
            assertEquals("close", r.header("Connection"));
            assertTrue(r.closedByServer());
            assertClosedInTime(start);
        }
    }

    @Test
    void upgradeTrickledAByteAtATimeIsCutOffAtTheTimeout() throws Exception {
        String request = "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Authorization: Bearer " + TestServer.token("trickle") + "\r\n\r\n";
        try (Socket socket = open()) {
            long start = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            boolean cutOff = false;
            for (byte b : request.getBytes(StandardCharsets.US_ASCII)) {
                try {
                    out.write(b);
                    out.flush();
                } catch (IOException e) {
                    cutOff = true;
                    break;
                }
                Thread.sleep(100); // the whole request would take about 30 s
                if (System.nanoTime() - start > BOUND.toNanos()) {
                    break;
                }
            }
            InputStream in = socket.getInputStream();
            String answer = cutOff ? "" : new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(cutOff || answer.startsWith("HTTP/1.1 408"), answer);
            assertClosedInTime(start);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("The trickling socket was not closed within " + BOUND, e);
        }
    }

    @Test
    void anUpgradedConnectionOutlivesTheHandshakeTimeout() throws Exception {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("outlives"))) {
            Thread.sleep(TIMEOUT.multipliedBy(2).toMillis()); // waits past the deadline on purpose
            client.assertOpen();
        }
    }

    private static void assertClosedInTime(long startNanos) {
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        assertTrue(took.compareTo(BOUND) < 0, "closed after " + took);
    }
}
