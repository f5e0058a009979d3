package dev.gatehouse.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Messages over JDK WebSocket clients: {@code connections} connections each keep {@code inFlight}
 * 100-byte JSON frames outstanding, sending the next when a reply arrives. Replies come back in
 * order on each connection, so a FIFO of send times gives each round trip.
 */
final class MessageDriver {
    /** Outcome of a run: replies inside the measured window and their round-trip times. */
    record Run(long replies, long wallNanos, Histogram rttMicros) {
    }

    private final URI uri;
    private final String token;
    private final boolean gatehouse;
    private final String type;

    /**
     * @param uri the endpoint
     * @param token a Bearer token, or null (bare)
     * @param gatehouse whether the first frame is the welcome, to wait for and skip
     * @param type the frames' type (the bench server's handler: {@code echo})
     */
    MessageDriver(URI uri, String token, boolean gatehouse, String type) {
        this.uri = uri;
        this.token = token;
        this.gatehouse = gatehouse;
        this.type = type;
    }

    /** A 100-byte envelope; the bare endpoint echoes the same bytes. */
    static String frame(String type, long seq) {
        String head = "{\"type\":\"" + type + "\",\"id\":\"" + seq + "\",\"data\":{\"text\":\"";
        String tail = "\"}}";
        return head + "x".repeat(Math.max(1, 100 - head.length() - tail.length())) + tail;
    }

    /** Something to do at the edges of the measured window (read CPU counters). */
    interface Mark {
        void at() throws Exception;
    }

    Run runMeasured(int connections, int inFlight, long warmNanos, long durationNanos, Mark atStart, Mark atEnd)
            throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(2);
        HttpClient client = HttpClient.newBuilder().executor(executor).build();
        Histogram rtt = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
        AtomicLong replies = new AtomicLong();
        List<Peer> peers = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                Peer p = new Peer(rtt, replies, type);
                WebSocket.Builder b = client.newWebSocketBuilder();
                if (token != null) {
                    b.header("Authorization", "Bearer " + token);
                }
                p.ws = b.buildAsync(uri, p).get(10, TimeUnit.SECONDS);
                if (gatehouse) {
                    p.welcomed.get(10, TimeUnit.SECONDS);
                } else {
                    p.welcomed.complete(null);
                }
                peers.add(p);
            }
            for (Peer p : peers) {
                for (int k = 0; k < inFlight; k++) {
                    p.sendNext();
                }
            }
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(warmNanos));
            atStart.at();
            long start = System.nanoTime();
            long r0 = replies.get();
            synchronized (rtt) {
                rtt.reset();
            }
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(durationNanos));
            long r1 = replies.get();
            long wall = System.nanoTime() - start;
            atEnd.at();
            Histogram copy;
            synchronized (rtt) {
                copy = rtt.copy();
            }
            for (Peer p : peers) {
                p.stopped = true;
            }
            return new Run(r1 - r0, wall, copy);
        } finally {
            for (Peer p : peers) {
                p.ws.abort();
            }
            executor.shutdownNow();
        }
    }

    /** One connection: its outstanding send times and its send chain. */
    private static final class Peer implements WebSocket.Listener {
        final Histogram rtt;
        final AtomicLong replies;
        final CompletableFuture<Void> welcomed = new CompletableFuture<>();
        final ArrayDeque<Long> sentAt = new ArrayDeque<>();
        final StringBuilder partial = new StringBuilder();
        final String type;
        CompletableFuture<WebSocket> chain;
        volatile WebSocket ws;
        volatile boolean stopped;
        long seq;

        Peer(Histogram rtt, AtomicLong replies, String type) {
            this.rtt = rtt;
            this.replies = replies;
            this.type = type;
        }

        synchronized void sendNext() {
            if (stopped) {
                return;
            }
            String text = frame(type, seq++);
            sentAt.add(System.nanoTime());
            if (chain == null) {
                chain = CompletableFuture.completedFuture(ws);
            }
            chain = chain.thenCompose(w -> w.sendText(text, true));
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            webSocket.request(1);
            if (!last) {
                partial.append(data);
                return null;
            }
            partial.setLength(0);
            if (!welcomed.isDone()) {
                welcomed.complete(null);
                return null;
            }
            long now = System.nanoTime();
            Long sent;
            synchronized (this) {
                sent = sentAt.poll();
            }
            if (sent != null) {
                synchronized (rtt) {
                    rtt.recordValue(Math.min(rtt.getHighestTrackableValue(), (now - sent) / 1000));
                }
            }
            replies.incrementAndGet();
            sendNext();
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            welcomed.completeExceptionally(error);
        }
    }
}
