package dev.gatehouse.test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy with real sockets on the loopback: bytes both ways, half closes, counts, a cut (resets
 * now and for a while), a black hole (nothing moves, nothing is lost, nothing closes). Waits are
 * generous and no duration is asserted except the one the proxy promises: no byte before a hole ends.
 */
class TcpProxyTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private Target target;
    private TcpProxy proxy;
    private final List<Socket> clients = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        target = new Target();
        proxy = TcpProxy.start("127.0.0.1", target.port());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        target.close();
        for (Socket s : clients) {
            s.close();
        }
    }

    @Test
    void bytesFlowBothWaysAndConnectionsAreCounted() throws Exception {
        Socket a = connect();
        Socket aAtTarget = target.next();
        Socket b = connect();
        Socket bAtTarget = target.next();

        send(a, "up-a");
        assertEquals("up-a", read(aAtTarget, 4));
        send(bAtTarget, "down-b");
        assertEquals("down-b", read(b, 6));
        assertEquals(2, proxy.connections());
        assertEquals(2, proxy.openConnections());
        assertEquals(0, proxy.refusedConnections());
    }

    @Test
    void endOfStreamIsForwardedAsAHalfClose() throws Exception {
        Socket a = connect();
        Socket atTarget = target.next();

        a.shutdownOutput();
        assertEquals(-1, readByte(atTarget));
        send(atTarget, "still open");
        assertEquals("still open", read(a, 10));
        atTarget.close();
        assertEquals(-1, readByte(a));
        until("the connection is done", () -> proxy.openConnections() == 0);
    }

    @Test
    void cutResetsOpenConnectionsBothWays() throws Exception {
        Socket a = connect();
        Socket atTarget = target.next();
        send(a, "x");
        assertEquals("x", read(atTarget, 1));

        proxy.cut(Duration.ZERO);

        assertThrows(SocketException.class, () -> readByte(a));
        assertThrows(SocketException.class, () -> readByte(atTarget));
        assertEquals(0, proxy.openConnections());
    }

    @Test
    void newConnectionsAreResetWhileRefusingAndForwardedAfter() throws Exception {
        proxy.cut(Duration.ofMinutes(10));
        Socket refused = connect();
        assertThrows(SocketException.class, () -> readByte(refused));
        assertEquals(1, proxy.refusedConnections());
        assertEquals(0, proxy.connections());

        proxy.cut(Duration.ofMillis(300));
        Socket forwarded = null;
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (forwarded == null && System.nanoTime() < deadline) { // each attempt is either refused or forwarded
            int before = proxy.refusedConnections() + proxy.connections();
            Socket attempt = connect();
            until("the attempt is decided", () -> proxy.refusedConnections() + proxy.connections() > before);
            forwarded = proxy.connections() == 1 ? attempt : null;
        }
        assertTrue(forwarded != null, "no connection forwarded once the refusal was over");
        send(forwarded, "y");
        assertEquals("y", read(target.next(), 1));
        assertEquals(1, proxy.connections());
    }

    @Test
    void blackHoleHoldsEveryByteBothWaysUntilItEndsAndClosesNothing() throws Exception {
        Socket a = connect();
        Socket atTarget = target.next();
        send(a, "before");
        assertEquals("before", read(atTarget, 6));

        Duration hole = Duration.ofSeconds(2);
        long began = System.nanoTime();
        proxy.blackHole(hole);
        send(a, "up-1");
        send(atTarget, "down-1");
        send(a, "up-2");

        assertEquals("up-1up-2", read(atTarget, 8));
        assertTrue(System.nanoTime() - began >= hole.toNanos(), "a byte went up before the hole ended");
        assertEquals("down-1", read(a, 6));
        assertTrue(System.nanoTime() - began >= hole.toNanos(), "a byte went down before the hole ended");
        send(a, "after");
        assertEquals("after", read(atTarget, 5));
        assertEquals(1, proxy.connections());
        assertEquals(1, proxy.openConnections());
    }

    @Test
    void connectionMadeDuringABlackHoleIsSilentUntilItEnds() throws Exception {
        Duration hole = Duration.ofSeconds(2);
        long began = System.nanoTime();
        proxy.blackHole(hole);
        Socket a = connect();
        send(a, "hello");

        assertEquals("hello", read(target.next(), 5));
        assertTrue(System.nanoTime() - began >= hole.toNanos(), "a byte went up before the hole ended");
    }

    @Test
    void unreachableTargetResetsTheConnection() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (TcpProxy nowhere = TcpProxy.start("127.0.0.1", closedPort)) {
            Socket a = new Socket(InetAddress.getLoopbackAddress(), nowhere.port());
            clients.add(a);
            a.setSoTimeout((int) PATIENCE.toMillis());
            assertThrows(SocketException.class, () -> a.getInputStream().read());
            assertEquals(0, nowhere.connections());
        }
    }

    @Test
    void closeResetsEveryConnectionAndStopsAccepting() throws Exception {
        Socket a = connect();
        target.next();

        proxy.close();

        assertThrows(SocketException.class, () -> readByte(a));
        // The port is free now, so whether a connection to it is refused is not the proxy's to say (another
        // listener, or the kernel's self-connect, may take it): what the proxy promises is to forward nothing.
        try (Socket late = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            send(late, "late");
        } catch (IOException e) {
            // refused: nothing to forward
        }
        assertEquals(null, target.accepted.poll(300, TimeUnit.MILLISECONDS));
        assertEquals(1, proxy.connections());
    }

    @Test
    void retargetSendsNewConnectionsElsewhereAndLeavesOpenOnesWhereTheyAre() throws Exception {
        Socket before = connect();
        Socket beforeAtTarget = target.next();
        try (Target other = new Target()) {
            proxy.retarget("127.0.0.1", other.port());

            Socket after = connect();
            send(after, "new");
            assertEquals("new", read(other.next(), 3));
            send(before, "old");
            assertEquals("old", read(beforeAtTarget, 3));
            assertEquals(null, target.accepted.poll(300, TimeUnit.MILLISECONDS));
            assertEquals(2, proxy.connections());
        }
    }

    @Test
    void negativeDurationsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> proxy.cut(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> proxy.blackHole(Duration.ofSeconds(-1)));
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        s.setSoTimeout((int) PATIENCE.toMillis());
        clients.add(s);
        return s;
    }

    private static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
    }

    /** Reads exactly n bytes (the socket's timeout applies to each read). */
    private static String read(Socket s, int n) throws IOException {
        byte[] into = new byte[n];
        InputStream in = s.getInputStream();
        for (int got = 0; got < n; ) {
            int r = in.read(into, got, n - got);
            if (r < 0) {
                throw new IOException("end of stream after " + got + " bytes");
            }
            got += r;
        }
        return new String(into, StandardCharsets.US_ASCII);
    }

    private static int readByte(Socket s) throws IOException {
        return s.getInputStream().read();
    }

    private static void until(String what, BooleanSupplier condition) {
        RecoveryRig.await(what, PATIENCE, condition);
    }

    /** The proxy's target: accepts connections and hands each to the test, which reads and writes it directly. */
    private static final class Target implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();

        Target() throws IOException {
            Thread t = new Thread(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket s = listener.accept();
                        s.setSoTimeout((int) PATIENCE.toMillis());
                        accepted.add(s);
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "tcp-proxy-test-target");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        /** {@return the next connection the proxy made} */
        Socket next() throws InterruptedException {
            Socket s = accepted.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            if (s == null) {
                throw new AssertionError("no connection reached the target within " + PATIENCE);
            }
            return s;
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
