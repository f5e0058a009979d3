package dev.gatehouse.client.internal;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One WebSocket of a client: the JDK listener that asks for one message at a time and joins partial
 * text frames, and the outbox that hands the JDK one text at a time (it refuses a send while the
 * previous one is pending). The JDK calls the listener methods one at a time, so {@link #partial}
 * needs no lock; the outbox is lock-free: {@link #enqueue} only queues (cheap enough to call under
 * the session's lock, which keeps the order of frames), {@link #flush} does the network call and
 * must be called without any lock.
 */
final class Socket implements WebSocket.Listener {

    /** What the socket reports to its session, each on the JDK's thread. */
    interface Events {
        void opened(Socket socket);

        void text(Socket socket, String text);

        void closed(Socket socket, int code, String reason);

        void failed(Socket socket, Throwable error);
    }

    /** The token the handshake offered. */
    final String token;
    private final Events events;
    /** The text of a message that arrives in parts, until its last part. */
    private final StringBuilder partial = new StringBuilder();
    /** Texts waiting for their turn. */
    private final Queue<String> outbox = new ConcurrentLinkedQueue<>();
    /** Whether a send is pending on the JDK's WebSocket. */
    private final AtomicBoolean sending = new AtomicBoolean();
    /** Whether the end (close or failure) was reported. */
    private final AtomicBoolean ended = new AtomicBoolean();
    /** Set by onOpen. */
    private volatile WebSocket ws;
    /** {@link System#nanoTime()} of the last message of any kind from the server. */
    volatile long lastReceived = System.nanoTime();

    Socket(Events events, String token) {
        this.events = events;
        this.token = token;
    }

    boolean isOpen() {
        return ws != null;
    }

    /** Queues a text; nothing goes out until {@link #flush()}. */
    void enqueue(String text) {
        outbox.add(text);
    }

    /** Sends what is queued, one text at a time; call without a lock. */
    void flush() {
        WebSocket w = ws;
        while (w != null && sending.compareAndSet(false, true)) {
            String next = outbox.poll();
            if (next == null) {
                sending.set(false);
                if (outbox.isEmpty()) {
                    return;
                }
                continue;
            }
            CompletableFuture<WebSocket> sent;
            try {
                sent = w.sendText(next, true);
            } catch (RuntimeException e) {
                sent = CompletableFuture.failedFuture(e);
            }
            if (sent.isDone() && !sent.isCompletedExceptionally()) {
                sending.set(false);
                continue;
            }
            sent.whenComplete((ok, error) -> sent(error));
            return;
        }
    }

    private void sent(Throwable error) {
        sending.set(false);
        if (error == null) {
            flush();
        } else {
            outbox.clear();
            drop();
            fail(error);
        }
    }

    /** Starts the closing handshake; the server's answer arrives as {@link Events#closed}. */
    void close(int code, String reason) {
        WebSocket w = ws;
        if (w != null) {
            w.sendClose(code, reason).whenComplete((ok, error) -> {
                if (error != null) {
                    drop();
                    fail(error);
                }
            });
        }
    }

    /** Drops the connection at once, reporting nothing (the session reports the end itself). */
    void abort() {
        ended.set(true);
        drop();
    }

    private void drop() {
        WebSocket w = ws;
        if (w != null) {
            w.abort();
        }
    }

    /** Reports a failure once (a handshake that failed, a send that failed). */
    void fail(Throwable error) {
        if (ended.compareAndSet(false, true)) {
            events.failed(this, error);
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        ws = webSocket;
        lastReceived = System.nanoTime();
        events.opened(this);
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        lastReceived = System.nanoTime();
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            events.text(this, text);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        return received(webSocket);
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        return received(webSocket); // the JDK answers with a pong itself
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        return received(webSocket);
    }

    private CompletionStage<?> received(WebSocket webSocket) {
        lastReceived = System.nanoTime();
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        if (ended.compareAndSet(false, true)) {
            events.closed(this, statusCode, reason);
        }
        return null; // the JDK closes its output in answer
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        fail(error);
    }
}
