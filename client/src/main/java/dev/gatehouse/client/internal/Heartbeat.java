package dev.gatehouse.client.internal;

import dev.gatehouse.client.Protocol;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

/**
 * The heartbeat of one ready connection (PROTOCOL §7): a protocol {@code ping} every heartbeat
 * interval of the welcome, and the verdict that the server went silent when nothing at all has
 * arrived from it for the interval plus the margin. It looks a few times per interval, on the timer
 * thread. Guarded by the session's lock: {@link #beatLocked} only decides and queues the ping
 * ({@link Socket#enqueue}, no I/O); the session flushes the socket, or drops it, after releasing the
 * lock.
 */
final class Heartbeat {
    /** The socket it watches. */
    final Socket on;
    private final long intervalNanos;
    /** The silence after which the server counts as dead: interval plus margin. */
    private final long silenceNanos;
    /** {@link System#nanoTime()} of the last ping queued. */
    private long lastPing = System.nanoTime();
    private final ScheduledFuture<?> timer;

    private Heartbeat(Socket on, Duration interval, Duration margin, ClientThreads threads, Consumer<Heartbeat> beat) {
        this.on = on;
        this.intervalNanos = interval.toNanos();
        this.silenceNanos = interval.plus(margin).toNanos();
        Duration tick = Duration.ofMillis(Math.max(50, Math.min(interval.toMillis(), margin.toMillis()) / 4));
        this.timer = threads.every(() -> beat.accept(this), tick);
    }

    /**
     * Starts the heartbeat of a connection whose welcome asks for one.
     *
     * @param on the ready socket
     * @param interval the welcome's heartbeat interval; zero for none
     * @param margin the silence allowed beyond it
     * @param threads where the ticks run
     * @param beat what a tick calls (it takes the session's lock, then {@link #beatLocked})
     * @return the heartbeat, or null when the interval is not positive
     */
    static Heartbeat startLocked(Socket on, Duration interval, Duration margin, ClientThreads threads,
            Consumer<Heartbeat> beat) {
        return interval.isZero() || interval.isNegative() ? null : new Heartbeat(on, interval, margin, threads, beat);
    }

    /**
     * One tick: queues a ping when one is due.
     *
     * @param now {@link System#nanoTime()}
     * @return whether the server has been silent too long (then nothing is queued)
     */
    boolean beatLocked(long now) {
        if (now - on.lastReceived > silenceNanos) {
            return true;
        }
        if (now - lastPing >= intervalNanos) {
            lastPing = now;
            on.enqueue(Frames.encode(Protocol.PING, null, null));
        }
        return false;
    }

    void stopLocked() {
        timer.cancel(false);
    }
}
