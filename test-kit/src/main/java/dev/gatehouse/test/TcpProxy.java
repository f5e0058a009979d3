package dev.gatehouse.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy for tests of what a client does when the network misbehaves: it listens on an
 * ephemeral port of the loopback address and forwards every connection to a target, until told to
 * {@link #cut} the connections (a dropped link, a server that went away) or to {@link #blackHole}
 * them (a phone in a tunnel: nothing moves, nothing closes), or to {@link #retarget} new connections
 * to another server (a load balancer that fails over once a node is gone).
 *
 * <pre>{@code
 * try (TcpProxy proxy = TcpProxy.start("127.0.0.1", server.port())) {
 *     GatehouseClient client = GatehouseClient.builder(URI.create("ws://127.0.0.1:" + proxy.port() + "/ws"))...;
 *     proxy.cut(Duration.ofSeconds(3));        // every connection reset; new ones reset for 3 s
 *     proxy.blackHole(Duration.ofSeconds(4));  // 4 s of silence both ways, then the bytes flow again
 * }
 * }</pre>
 *
 * <p>Each accepted connection opens one connection to the target and two threads copy the bytes,
 * one per direction (platform daemon threads). An end of stream is forwarded as a half close; a
 * reset on either side resets the other. A target that cannot be reached resets the accepted
 * connection. Thread-safe.
 */
public final class TcpProxy implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TcpProxy.class.getName());
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** Where new connections go. */
    private volatile InetSocketAddress target;
    private final ServerSocket listener;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    /** {@link System#nanoTime()} until which new connections are reset. */
    private volatile long refuseUntil = System.nanoTime();
    /** How many cuts there were: a connection accepted before a cut and still connecting is reset too. */
    private final AtomicInteger cuts = new AtomicInteger();
    /** Guards {@link #holeUntil}; waited on by the copying threads during a black hole. */
    private final Object gate = new Object();
    /** {@link System#nanoTime()} until which no byte is read or written; guarded by {@link #gate}. */
    private long holeUntil = System.nanoTime();

    private TcpProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon(this::acceptLoop, "tcp-proxy-" + listener.getLocalPort() + "-accept").start();
    }

    /**
     * Starts a proxy to a target.
     *
     * @param host the target's host, for example {@code 127.0.0.1}
     * @param port the target's port
     * @return the proxy, accepting connections
     * @throws IOException when no port can be bound
     */
    public static TcpProxy start(String host, int port) throws IOException {
        return new TcpProxy(new InetSocketAddress(Objects.requireNonNull(host, "host"), port));
    }

    /** {@return the port the proxy listens on, on the loopback address} */
    public int port() {
        return listener.getLocalPort();
    }

    /** {@return the address the proxy listens on} */
    public InetSocketAddress address() {
        return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
    }

    /** {@return how many connections were accepted and forwarded to the target so far} */
    public int connections() {
        return accepted.get();
    }

    /** {@return how many connections were reset on arrival, during a {@link #cut}, so far} */
    public int refusedConnections() {
        return refused.get();
    }

    /** {@return how many forwarded connections are open now} */
    public int openConnections() {
        return links.size();
    }

    /**
     * Resets every open connection, both ways (TCP RST: {@code SO_LINGER} 0, then close), and resets
     * every new connection on arrival for a while. The kernel completes a new connection's handshake
     * before the proxy can refuse it, so a client sees a reset at once, not a refusal. Bytes in flight
     * are lost, as they are when a link drops.
     *
     * @param refuseFor how long new connections are reset; zero to accept them again at once
     */
    public void cut(Duration refuseFor) {
        refuseUntil = System.nanoTime() + nonNegative(refuseFor, "refuseFor").toNanos();
        cuts.incrementAndGet();
        links.forEach(Link::reset);
    }

    /**
     * Stops every byte, both ways, for a while, keeping every socket open; then the bytes flow again.
     * Nothing is dropped: the proxy stops reading, so what either side sends waits in the kernel's
     * buffers (and at most one read's worth in the proxy) and arrives, in order, when the hole ends,
     * as with a TCP connection whose path went dark and came back. (A WebSocket client that gives up
     * on the silence and drops its socket meanwhile loses the bytes with it, as a real one does.)
     * Connections made during the hole are forwarded, silent too until it ends. Returns at once.
     *
     * @param duration how long the hole lasts, from now
     */
    public void blackHole(Duration duration) {
        long until = System.nanoTime() + nonNegative(duration, "duration").toNanos();
        synchronized (gate) {
            holeUntil = until - holeUntil > 0 ? until : holeUntil;
        }
    }

    /**
     * Forwards the connections accepted from now on to another target, as a load balancer does once
     * it took a dead node out: open connections stay where they are (cut them, or let the old target
     * close them). Counts, cuts and black holes go on as before.
     *
     * @param host the new target's host, for example {@code 127.0.0.1}
     * @param port the new target's port
     */
    public void retarget(String host, int port) {
        target = new InetSocketAddress(Objects.requireNonNull(host, "host"), port);
    }

    /** Stops accepting and resets every connection. */
    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Closing the proxy's listener failed", e);
        }
        links.forEach(Link::reset);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (listener.isClosed()) { // the JDK closes a listener blocked in accept only once accept returns
                reset(client);
                return;
            }
            if (refuseUntil - System.nanoTime() > 0) {
                refused.incrementAndGet();
                reset(client);
                continue;
            }
            int cut = cuts.get();
            daemon(() -> forward(client, cut), "tcp-proxy-" + port() + "-connect").start();
        }
    }

    /** Connects to the target for an accepted connection and starts copying; a target that fails resets it. */
    private void forward(Socket client, int cutsAtAccept) {
        if (listener.isClosed()) {
            reset(client);
            return;
        }
        Socket server = new Socket();
        try {
            server.connect(target, (int) CONNECT_TIMEOUT.toMillis()); // the target as it is now
        } catch (IOException e) {
            reset(server);
            reset(client);
            return;
        }
        Link link = new Link(client, server);
        links.add(link);
        int n = accepted.incrementAndGet();
        if (listener.isClosed() || cuts.get() != cutsAtAccept) {
            link.reset();
            return;
        }
        daemon(() -> link.copy(client, server), "tcp-proxy-" + port() + "-" + n + "-up").start();
        daemon(() -> link.copy(server, client), "tcp-proxy-" + port() + "-" + n + "-down").start();
    }

    /** Waits while a black hole lasts (interrupts are ignored: the hole ends on its own). */
    private void awaitNoHole(Link link) {
        synchronized (gate) {
            long left;
            while ((left = holeUntil - System.nanoTime()) > 0 && !link.isReset()) {
                try {
                    gate.wait(Math.max(1, Math.min(left / 1_000_000, 50)));
                } catch (InterruptedException e) {
                    // the hole's end is a time, not a signal
                }
            }
        }
    }

    private static void reset(Socket socket) {
        try {
            if (!socket.isClosed()) {
                socket.setSoLinger(true, 0);
            }
        } catch (IOException e) {
            // not connected: close() below is all there is to do
        }
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Closing a proxied socket failed", e);
        }
    }

    private static Duration nonNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + d);
        }
        return d;
    }

    private static Thread daemon(Runnable task, String name) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        return t;
    }

    /** One forwarded connection: the accepted socket and the target's. */
    private final class Link {
        private final Socket client;
        private final Socket server;
        /** Directions that reached their end of stream; at two, the link is done. */
        private final AtomicInteger ended = new AtomicInteger();
        private volatile boolean reset;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        boolean isReset() {
            return reset;
        }

        /** Copies one direction until its end of stream (forwarded as a half close) or a failure (a reset). */
        void copy(Socket from, Socket to) {
            byte[] buffer = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (true) {
                    awaitNoHole(this);
                    int n = in.read(buffer);
                    awaitNoHole(this); // a read that was waiting when the hole began holds its bytes until the end
                    if (n < 0) {
                        break;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
                to.shutdownOutput();
                if (ended.incrementAndGet() == 2) {
                    close();
                }
            } catch (IOException e) {
                reset();
            }
        }

        /** Both sockets reset (again does nothing more). */
        void reset() {
            reset = true;
            links.remove(this);
            TcpProxy.reset(client);
            TcpProxy.reset(server);
        }

        private void close() {
            links.remove(this);
            try {
                client.close();
                server.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "Closing a proxied connection failed", e);
            }
        }
    }
}
