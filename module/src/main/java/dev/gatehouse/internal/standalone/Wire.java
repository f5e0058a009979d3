package dev.gatehouse.internal.standalone;

import dev.gatehouse.internal.lifecycle.ManagedConnection;
import dev.gatehouse.internal.lifecycle.Timer;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import org.glassfish.grizzly.Connection;
import java.util.function.Consumer;

/**
 * What the handshake filter keeps for one TCP connection: the deadline for its upgrade, and once
 * upgraded the frame guard and the Gatehouse connection, so that a close the guard sends reaches the
 * connection's listeners, and whether its reads bypass Grizzly's HTTP codec ({@link DetachedReads}).
 * It also releases the connection's permessage-deflate streams when the socket closes, since Tyrus
 * does not always tell its extensions.
 * The guard is touched only by the connection's reads, which Grizzly delivers one at a time;
 * everything else is guarded by {@code this}, and no transport call or user code runs under it.
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
    /** The upgrade's writes, held until its pass ends. */
    final UpgradeWrites writes = new UpgradeWrites();
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

    /** The upgrade's pass ended: what it held goes out ({@link UpgradeWrites}). */
    @SuppressWarnings({"unchecked", "rawtypes"}) // Grizzly types a write's handler by the connection's address type
    void releaseWrites() {
        writes.release((bytes, handler) -> ((Connection) socket).write(bytes, handler));
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
