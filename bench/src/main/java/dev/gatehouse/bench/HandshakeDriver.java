package dev.gatehouse.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * A raw NIO WebSocket handshake driver on one thread: it writes a prepared upgrade request, reads
 * the 101 and, for Gatehouse, the welcome frame, and nothing more. Library clients spend far more
 * CPU per handshake than the server does (the JDK client managed about 0.9k/s), so they would
 * measure themselves. Connections are closed with an RST (SO_LINGER 0), which leaves no TIME_WAIT
 * on either side; both endpoints see the same close.
 */
final class HandshakeDriver {
    /** Outcome of a cycle run. */
    record Cycle(long completed, long total, long failed, long wallNanos, long totalNanos, Histogram latencyMicros) {
    }

    private final int port;
    private final String path;
    private final boolean waitWelcome;
    private final TokenPool tokens;
    private final List<InetAddress> sources;
    private int nextSource;
    private final ByteBuffer scratch = ByteBuffer.allocate(64 * 1024);
    /** Text frames the held connections received (written by their one thread). */
    private volatile long textFrames;

    /**
     * @param path {@code /bare} or {@code /ws}
     * @param waitWelcome whether a handshake ends at the welcome frame (Gatehouse) or at the 101
     * @param sources local addresses to connect from, round-robin (127.0.0.x)
     */
    HandshakeDriver(int port, String path, boolean waitWelcome, TokenPool tokens, List<InetAddress> sources) {
        this.port = port;
        this.path = path;
        this.waitWelcome = waitWelcome;
        this.tokens = tokens;
        this.sources = sources;
    }

    /** One connection's progress. */
    private static final class Conn {
        final SocketChannel channel;
        final long startNanos;
        ByteBuffer out;
        ByteBuffer in = ByteBuffer.allocate(1024);
        boolean done;
        byte[] leftover;

        Conn(SocketChannel channel, long startNanos) {
            this.channel = channel;
            this.startNanos = startNanos;
        }
    }

    /** Opens, upgrades and closes connections, {@code concurrency} at a time, for {@code duration}. */
    Cycle cycle(int concurrency, long durationNanos) throws IOException {
        Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
        long completed = 0;
        long total = 0;
        long failed = 0;
        try (Selector selector = Selector.open()) {
            long start = System.nanoTime();
            long end = start + durationNanos;
            int inFlight = 0;
            for (int i = 0; i < concurrency; i++) {
                open(selector);
                inFlight++;
            }
            long drainUntil = end + TimeUnit.SECONDS.toNanos(5);
            while (inFlight > 0 && System.nanoTime() < drainUntil) {
                selector.select(10);
                for (var it = selector.selectedKeys().iterator(); it.hasNext();) {
                    SelectionKey key = it.next();
                    it.remove();
                    Conn c = (Conn) key.attachment();
                    int outcome = step(key, c);
                    if (outcome == 0) {
                        continue;
                    }
                    long now = System.nanoTime();
                    if (outcome > 0) {
                        total++;
                    }
                    if (outcome > 0 && now <= end) {
                        completed++;
                        latency.recordValue(Math.min(latency.getHighestTrackableValue(), (now - c.startNanos) / 1000));
                    } else if (outcome < 0) {
                        failed++;
                    }
                    reset(c.channel);
                    inFlight--;
                    if (now < end) {
                        open(selector);
                        inFlight++;
                    }
                }
            }
            for (SelectionKey key : selector.keys()) {
                reset(((Conn) key.attachment()).channel);
            }
            return new Cycle(completed, total, failed, end - start, System.nanoTime() - start, latency);
        }
    }

    /**
     * Idle connections held open; answers the server's pings until closed, and closing drops them
     * all at once (RST).
     */
    final class Held implements AutoCloseable {
        private final Selector selector;
        private final Thread thread;
        private volatile boolean closing;
        final int opened;
        final int failed;
        /** From the first connect to the last connection ready. */
        final long readyNanos;
        /** Each connection's connect → ready (101, or the welcome). */
        final Histogram latencyMicros;

        Held(Selector selector, int opened, int failed, long readyNanos, Histogram latencyMicros) {
            this.selector = selector;
            this.opened = opened;
            this.failed = failed;
            this.readyNanos = readyNanos;
            this.latencyMicros = latencyMicros;
            this.thread = new Thread(this::serve, "held-connections");
            thread.setDaemon(true);
            thread.start();
        }

        private void serve() {
            try {
                while (!closing) {
                    selector.select(100);
                    for (var it = selector.selectedKeys().iterator(); it.hasNext();) {
                        SelectionKey key = it.next();
                        it.remove();
                        if (step(key, (Conn) key.attachment()) < 0) {
                            reset(((Conn) key.attachment()).channel);
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // closing
            }
        }

        /** Text frames received so far by the held connections. */
        long textFrames() {
            return textFrames;
        }

        @Override
        public void close() throws IOException {
            closing = true;
            selector.wakeup();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (SelectionKey key : selector.keys()) {
                reset(((Conn) key.attachment()).channel);
            }
            selector.close();
        }
    }

    /**
     * Opens {@code n} connections, {@code concurrency} at a time, and keeps them. With a concurrency
     * of {@code n} every connect goes out at once (in batches of {@value #OPEN_BATCH}, reading the
     * answers in between), as clients reconnecting after a drop do.
     */
    Held hold(int n, int concurrency, long timeoutNanos) throws IOException {
        Selector selector = Selector.open();
        Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(120), 3);
        int started = 0;
        int ready = 0;
        int failed = 0;
        int pending = 0;
        long start = System.nanoTime();
        long lastReady = start;
        long deadline = start + timeoutNanos;
        while ((ready + failed < n) && System.nanoTime() < deadline) {
            for (int batch = 0; pending < concurrency && started < n && batch < OPEN_BATCH; batch++) {
                try {
                    open(selector);
                    started++;
                    pending++;
                } catch (IOException e) {
                    failed++;
                    started++;
                }
            }
            if (pending < concurrency && started < n) {
                selector.selectNow();
            } else {
                selector.select(10);
            }
            for (var it = selector.selectedKeys().iterator(); it.hasNext();) {
                SelectionKey key = it.next();
                it.remove();
                Conn c = (Conn) key.attachment();
                boolean wasDone = c.done;
                int outcome = step(key, c);
                if (!wasDone && outcome > 0) {
                    ready++;
                    pending--;
                    lastReady = System.nanoTime();
                    latency.recordValue(Math.min(latency.getHighestTrackableValue(), (lastReady - c.startNanos) / 1000));
                } else if (outcome < 0) {
                    if (!wasDone) {
                        pending--;
                    } else {
                        ready--;
                    }
                    failed++;
                    reset(c.channel);
                }
            }
        }
        return new Held(selector, ready, failed + (n - ready - failed), lastReady - start, latency);
    }

    /** Connects {@link #hold} issues before it reads answers again. */
    private static final int OPEN_BATCH = 256;

    private void open(Selector selector) throws IOException {
        SocketChannel ch = SocketChannel.open();
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        if (!sources.isEmpty()) {
            ch.bind(new InetSocketAddress(sources.get(nextSource++ % sources.size()), 0));
        }
        Conn c = new Conn(ch, System.nanoTime());
        c.out = ByteBuffer.wrap(request(tokens.next()));
        if (ch.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            ch.register(selector, SelectionKey.OP_WRITE, c);
        } else {
            ch.register(selector, SelectionKey.OP_CONNECT, c);
        }
    }

    private byte[] request(String token) {
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="
                + "\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer " + token + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Advances one connection.
     *
     * @return 1 when the handshake just finished, -1 on failure, 0 otherwise
     */
    private int step(SelectionKey key, Conn c) {
        try {
            if (key.isConnectable()) {
                c.channel.finishConnect();
                key.interestOps(SelectionKey.OP_WRITE);
            }
            if (key.isValid() && key.isWritable() && c.out != null) {
                c.channel.write(c.out);
                if (!c.out.hasRemaining()) {
                    c.out = null;
                    key.interestOps(SelectionKey.OP_READ);
                }
                return 0;
            }
            if (key.isValid() && key.isReadable()) {
                return c.done ? idleRead(c) : handshakeRead(c);
            }
            return 0;
        } catch (IOException e) {
            return -1;
        }
    }

    private int handshakeRead(Conn c) throws IOException {
        if (!c.in.hasRemaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(c.in.capacity() * 2);
            c.in.flip();
            bigger.put(c.in);
            c.in = bigger;
        }
        if (c.channel.read(c.in) < 0) {
            return -1;
        }
        byte[] a = c.in.array();
        int n = c.in.position();
        int headerEnd = headerEnd(a, n);
        if (headerEnd < 0) {
            return 0;
        }
        if (n < 12 || a[9] != '1' || a[10] != '0' || a[11] != '1') {
            return -1;
        }
        int frameEnd = headerEnd;
        if (waitWelcome) {
            frameEnd = frameEnd(a, headerEnd, n);
            if (frameEnd < 0 || frameEnd > n) {
                return 0;
            }
        }
        c.done = true;
        c.in = null;
        return 1;
    }

    /** After the handshake: answers pings with pongs, skips everything else. */
    private int idleRead(Conn c) throws IOException {
        scratch.clear();
        if (c.leftover != null) {
            scratch.put(c.leftover);
            c.leftover = null;
        }
        if (c.channel.read(scratch) < 0) {
            return -1;
        }
        byte[] a = scratch.array();
        int n = scratch.position();
        int at = 0;
        while (at < n) {
            int end = frameEnd(a, at, n);
            if (end < 0 || end > n) {
                c.leftover = java.util.Arrays.copyOfRange(a, at, n);
                break;
            }
            int opcode = a[at] & 0x0F;
            if (opcode == 0x9) {
                int payloadStart = end - payloadLength(a, at);
                c.channel.write(ByteBuffer.wrap(maskedPong(a, payloadStart, end - payloadStart)));
            } else if (opcode == 0x8) {
                return -1;
            } else if (opcode == 0x1) {
                textFrames++; // one thread writes it
            }
            at = end;
        }
        return 0;
    }

    private static byte[] maskedPong(byte[] a, int from, int len) {
        byte[] f = new byte[6 + len]; // server pings are small; mask key 0 keeps the payload as is
        f[0] = (byte) 0x8A;
        f[1] = (byte) (0x80 | len);
        System.arraycopy(a, from, f, 6, len);
        return f;
    }

    private static int headerEnd(byte[] a, int n) {
        for (int i = 3; i < n; i++) {
            if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    /** End offset of the (unmasked, server) frame starting at {@code at}, or -1 if its header is incomplete. */
    private static int frameEnd(byte[] a, int at, int n) {
        if (n - at < 2) {
            return -1;
        }
        int len = a[at + 1] & 0x7F;
        if (len == 126) {
            return n - at < 4 ? -1 : at + 4 + (((a[at + 2] & 0xFF) << 8) | (a[at + 3] & 0xFF));
        }
        if (len == 127) {
            if (n - at < 10) {
                return -1;
            }
            long l = 0;
            for (int i = 2; i < 10; i++) {
                l = (l << 8) | (a[at + i] & 0xFF);
            }
            return (int) Math.min(Integer.MAX_VALUE, at + 10 + l);
        }
        return at + 2 + len;
    }

    private static int payloadLength(byte[] a, int at) {
        int len = a[at + 1] & 0x7F;
        return len < 126 ? len : len == 126 ? (((a[at + 2] & 0xFF) << 8) | (a[at + 3] & 0xFF)) : 0;
    }

    private static void reset(SocketChannel ch) {
        try {
            ch.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException | RuntimeException e) {
            // already closed
        }
        try {
            ch.close();
        } catch (IOException e) {
            // already closed
        }
    }

    /** Every 127.0.0.x source address from .1 up to .count. */
    static List<InetAddress> loopbackSources(int count) throws IOException {
        List<InetAddress> list = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            list.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) i}));
        }
        return list;
    }
}
