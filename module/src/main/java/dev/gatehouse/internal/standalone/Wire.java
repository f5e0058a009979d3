package dev.gatehouse.internal.standalone;

import dev.gatehouse.internal.lifecycle.ManagedConnection;
import dev.gatehouse.internal.lifecycle.Timer;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.CompletionHandler;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.MemoryManager;
import java.util.function.Consumer;

/**
 * What the handshake filter keeps for one TCP connection: the deadline for its upgrade, and once
 * upgraded the frame guard and the Gatehouse connection, so that a close the guard sends reaches the
 * connection's listeners, and whether its reads bypass Grizzly's HTTP codec ({@link DetachedReads}).
 * It also releases the connection's permessage-deflate streams when the socket closes, since Tyrus
 * does not always tell its extensions.
 * The guard is touched only by the connection's reads, which Grizzly delivers one at a time;
 * everything else is guarded by {@code this}, and no transport call or user code runs under it
 * (the held writes are released outside it).
 */
final class Wire implements Consumer<ManagedConnection> {
    private static final Logger LOG = System.getLogger("dev.gatehouse.handshake");

    private final Connection<?> socket;
    /** Whether the socket was accepted beyond the connection limit: its request gets 503. */
    final boolean overLimit;
    /** Set once the upgrade request passed the checks; from then on every read goes through it. */
    volatile FrameGuard guard;
    /** Set once Grizzly's state for the upgrade request is let go: from then on reads bypass the HTTP codec. */
    volatile boolean detached;
    /** Set while frames that came with the upgrade request wait for Tyrus' answer ({@code HandshakeFilter}). */
    volatile boolean earlyFrames;
    private Timer.Cancellable deadline;
    private ManagedConnection connection;
    private FrameGuard.Violation violation;
    /** Set in the upgrade's pass while its writes are held ({@link #holdWrites}). */
    private boolean holding;
    /** The writes held so far (the 101 first), as one buffer, and their callers' completion handlers. */
    private Buffer held;
    private final List<CompletionHandler<Object>> heldHandlers = new ArrayList<>(2);
    /** The thread writing what was held: its own write is not held again. */
    private Thread releasing;
    private DeflateSession compression;

    Wire(Connection<?> socket, boolean overLimit) {
        this.socket = socket;
        this.overLimit = overLimit;
    }

    /** Closes the socket at once if it is still open, without waiting for what is queued to be written. */
    void drop() {
        if (socket.isOpen()) {
            LOG.log(Level.DEBUG, "The client did not complete the close in time: dropping its socket");
            socket.terminateSilently();
        }
    }

    /** Arms (or re-arms) the upgrade deadline. */
    synchronized void deadline(Timer.Cancellable next) {
        if (deadline != null) {
            deadline.cancel();
        }
        deadline = next;
    }

    /** The upgrade request passed: no deadline any more, frames are guarded from now on. */
    synchronized void upgraded(FrameGuard frameGuard) {
        deadline(null);
        guard = frameGuard;
    }

    /** Whether the upgrade request passed the checks. */
    synchronized boolean isUpgraded() {
        return guard != null;
    }

    /** The socket closed: cancels the deadline, and lets the compression streams go. */
    void closed() {
        DeflateSession c;
        synchronized (this) {
            deadline(null);
            c = compression;
            compression = null;
        }
        if (c != null) {
            c.release();
        }
    }

    /** permessage-deflate was agreed for this connection, during Tyrus' handshake (before any frame is read). */
    void compressed(DeflateSession session) {
        synchronized (this) {
            compression = session;
        }
        guard.allowCompressed();
    }

    /** The WebSocket opened as this connection; if the guard already closed the socket's session, it learns so now. */
    @Override
    public void accept(ManagedConnection opened) {
        opened.dropWith(this::drop);
        FrameGuard.Violation v;
        synchronized (this) {
            connection = opened;
            v = violation;
        }
        if (v != null) {
            opened.closedBelow(v.code(), v.reason());
        }
    }

    /**
     * From now until {@link #releaseWrites}, the end of the upgrade's pass, writes to the socket are
     * held ({@link DetachedReads}), so that the 101 and the welcome the endpoint sends in the same
     * pass leave in one write: one segment, one wake-up of the client, one TLS record.
     */
    synchronized void holdWrites() {
        holding = true;
    }

    /**
     * Takes an encoded write while holding; false to let it pass. A first write that is not a 101
     * (Tyrus refused the handshake, and will close the socket) passes and ends the holding, so that
     * the refusal is never held behind a close. Blocking writes pass: their caller waits for them.
     */
    synchronized boolean hold(Buffer bytes, CompletionHandler<Object> handler, boolean blocking,
            MemoryManager<?> memory) {
        if (!holding || blocking || Thread.currentThread() == releasing) {
            return false;
        }
        if (held == null && !switchingProtocols(bytes)) {
            holding = false;
            return false;
        }
        held = held == null ? bytes : Buffers.appendBuffers(memory, held, bytes);
        if (handler != null) {
            heldHandlers.add(handler);
        }
        return true;
    }

    /**
     * The upgrade's pass ended: what was held goes out as one write, and each writer hears how its
     * write went. A write another thread makes meanwhile is held and follows; none overtakes.
     */
    @SuppressWarnings({"unchecked", "rawtypes"}) // Grizzly types a write's handler by the connection's address type
    void releaseWrites() {
        while (true) {
            Buffer bytes;
            List<CompletionHandler<Object>> handlers;
            synchronized (this) {
                if (held == null) {
                    holding = false;
                    releasing = null;
                    return;
                }
                bytes = held;
                handlers = List.copyOf(heldHandlers);
                held = null;
                heldHandlers.clear();
                releasing = Thread.currentThread();
            }
            ((Connection) socket).write(bytes, handlers.isEmpty() ? null : new AllHandlers(handlers));
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

    /** Whether the WebSocket opened as a Gatehouse connection. */
    synchronized boolean opened() {
        return connection != null;
    }

    /** The guard closed the session for this violation. */
    void violated(FrameGuard.Violation v) {
        ManagedConnection c;
        synchronized (this) {
            violation = v;
            c = connection;
        }
        if (c != null) {
            c.closedBelow(v.code(), v.reason());
        }
    }
}
