package dev.gatehouse.internal.lifecycle;

import dev.gatehouse.internal.metrics.GatehouseMetrics;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The frames waiting to be written to one connection, written one at a time so that no container
 * sees two concurrent sends on a session. Frames queued before the welcome are held until
 * {@link #open(String)} puts the welcome in front of them. A close is queued behind the frames
 * already queued. All mutable state is guarded by {@code this}, except the count of frames written,
 * which only the one writer at a time changes. The transport is called after the lock is released.
 */
final class Outbox {
    private final Transport transport;
    private final int limit;
    /** Called once the peer cannot take more frames: with null when the queue overflowed, else the write's failure. */
    private final Consumer<Throwable> onUndeliverable;

    /** Frames (String) and at most one {@link Close}, in send order. */
    private final ArrayDeque<Object> queue = new ArrayDeque<>(4); // grows on demand; most idle connections hold none
    /** True until the welcome is queued: nothing is written. */
    private boolean held = true;
    /** True while a write is in flight. */
    private boolean writing;
    /** True once a close is queued: later frames are refused. */
    private boolean closing;
    private final GatehouseMetrics metrics;
    /** Text frames handed to the transport; changed by the one writer at a time (volatile: read at close). */
    private volatile int framesWritten;

    private record Close(int code, String reason) {
    }

    Outbox(Transport transport, int limit, Consumer<Throwable> onUndeliverable, GatehouseMetrics metrics) {
        this.metrics = metrics;
        this.transport = transport;
        this.limit = limit;
        this.onUndeliverable = onUndeliverable;
    }

    /** Queues a frame; false when closing or full (a full queue also gives up on the peer). */
    boolean send(String frame) {
        int depth;
        synchronized (this) {
            if (closing) {
                return false;
            }
            if (queue.size() >= limit) {
                closing = true;
                queue.clear();
            } else {
                queue.add(frame);
                frame = null;
            }
            depth = queue.size();
        }
        if (frame != null) {
            onUndeliverable.accept(null);
            return false;
        }
        metrics.sendQueueDepth(depth);
        pump();
        return true;
    }

    /**
     * Puts the welcome first and starts writing. Once a close is queued the welcome is dropped: the
     * close was decided first, and a welcome must never follow the frames that went out with it.
     */
    void open(String welcome) {
        synchronized (this) {
            held = false;
            if (closing) {
                return;
            }
            queue.addFirst(welcome);
        }
        pump();
    }

    /**
     * Queues a close behind the frames already queued; later frames are refused. Frames held for a
     * welcome that will now never be sent are dropped.
     */
    void close(int code, String reason) {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
            dropHeld();
            queue.add(new Close(code, reason));
        }
        pump();
    }

    /**
     * Queues one last frame and a close. Frames held for a welcome that will now never be sent are
     * dropped; frames already released go out first.
     */
    void closeWith(String lastFrame, int code, String reason) {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
            dropHeld();
            queue.add(lastFrame);
            queue.add(new Close(code, reason));
        }
        pump();
    }

    /** Closes at once, dropping queued frames: for a peer that stopped reading. */
    void abort(int code, String reason) {
        synchronized (this) {
            closing = true;
            queue.clear();
        }
        transport.close(code, reason);
    }

    /** Refuses every frame from now on and drops the queued ones, writing nothing: the transport below already closed. */
    synchronized void silence() {
        closing = true;
        held = false;
        queue.clear();
    }

    /** {@return how many text frames were handed to the transport} */
    int framesWritten() {
        return framesWritten;
    }

    /** Guarded by this. */
    private void dropHeld() {
        if (held) {
            queue.clear();
            held = false;
        }
    }

    private void pump() {
        Object next;
        synchronized (this) {
            if (writing || held || queue.isEmpty()) {
                return;
            }
            next = queue.poll();
            writing = true;
        }
        if (next instanceof Close close) {
            transport.close(close.code(), close.reason());
            return;
        }
        String text = (String) next;
        framesWritten++; // one writer at a time: the writing flag, set under the lock, hands the role over
        metrics.frameOut(text);
        try {
            transport.sendText(text, this::written);
        } catch (Throwable t) { // a transport that throws instead of reporting must not leave the outbox stuck
            written(t);
        }
    }

    /** A write finished. A failed one lost its frame: later frames must not arrive without it. */
    private void written(Throwable failure) {
        synchronized (this) {
            writing = false;
            if (failure != null) {
                closing = true;
                queue.clear();
            }
        }
        if (failure != null) {
            onUndeliverable.accept(failure);
        } else {
            pump();
        }
    }
}
