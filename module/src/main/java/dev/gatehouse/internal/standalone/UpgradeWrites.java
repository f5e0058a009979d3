package dev.gatehouse.internal.standalone;

import java.util.ArrayList;
import java.util.List;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.CompletionHandler;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.MemoryManager;

/**
 * The writes of one socket in the pass of its accepted upgrade request, held so that the 101 and
 * the welcome the endpoint sends in the same pass leave in one write: one segment, one wake-up of
 * the client, one TLS record. {@link DetachedReads} offers each encoded write to {@link #hold}; the
 * handshake filter calls {@link #start} before Tyrus answers and {@link #release} when the pass ends.
 *
 * <p>Order is the point: no write may overtake one held before it. So from the first write (which
 * must be the 101, else holding ends: a refusal goes at once, never held behind the close that
 * follows it) until everything held has been handed to the socket, every write from any thread is
 * held, except the releasing thread's own; {@link #release} hands out what was held batch by batch
 * until nothing is left, and only then stops holding.
 *
 * <p>Locking: {@code this} guards the state; the socket's write runs outside it.
 */
final class UpgradeWrites {
    /** How a batch reaches the socket: the connection's own write, through the rest of the chain. */
    interface Socket {
        void write(Buffer bytes, CompletionHandler<Object> handler);
    }

    private boolean holding;
    /** Whether the first write, the 101, has been held. */
    private boolean answered;
    private Buffer held;
    private final List<CompletionHandler<Object>> handlers = new ArrayList<>(2);
    /** The thread handing out what was held: its own write is not held again. */
    private Thread releasing;

    /** Holds the writes from now until {@link #release}. */
    synchronized void start() {
        holding = true;
    }

    /**
     * Takes an encoded write while holding; false to let it pass. Blocking writes pass (their caller
     * waits for them), and so does a first write that is not a 101, which ends the holding.
     */
    synchronized boolean hold(Buffer bytes, CompletionHandler<Object> handler, boolean blocking, MemoryManager<?> memory) {
        if (!holding || blocking || Thread.currentThread() == releasing) {
            return false;
        }
        if (!answered) {
            if (!switchingProtocols(bytes)) {
                holding = false;
                return false;
            }
            answered = true;
        }
        held = held == null ? bytes : Buffers.appendBuffers(memory, held, bytes);
        if (handler != null) {
            handlers.add(handler);
        }
        return true;
    }

    /**
     * The pass ended: what was held goes out, as one write, and each writer hears how its write
     * went; a write another thread makes meanwhile is held and follows in the next batch.
     */
    void release(Socket socket) {
        while (true) {
            Buffer bytes;
            List<CompletionHandler<Object>> each;
            synchronized (this) {
                if (held == null) {
                    holding = false;
                    releasing = null;
                    return;
                }
                bytes = held;
                each = List.copyOf(handlers);
                held = null;
                handlers.clear();
                releasing = Thread.currentThread();
            }
            socket.write(bytes, each.isEmpty() ? null : new AllHandlers(each));
        }
    }

    private static boolean switchingProtocols(Buffer b) {
        int p = b.position(); // "HTTP/1.1 101"
        return b.remaining() > 12 && b.get(p + 9) == '1' && b.get(p + 10) == '0' && b.get(p + 11) == '1';
    }

    /** Tells every held writer the outcome of the one write that carried theirs. */
    private record AllHandlers(List<CompletionHandler<Object>> each) implements CompletionHandler<Object> {
        @Override
        public void cancelled() {
            each.forEach(CompletionHandler::cancelled);
        }

        @Override
        public void failed(Throwable throwable) {
            each.forEach(h -> h.failed(throwable));
        }

        @Override
        public void completed(Object result) {
            each.forEach(h -> h.completed(result));
        }

        @Override
        public void updated(Object result) {
            each.forEach(h -> h.updated(result));
        }
    }
}
