package dev.gatehouse.internal.lifecycle;

import dev.gatehouse.CloseCodes;
import dev.gatehouse.CloseReasons;
import dev.gatehouse.ConnectionState;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Collection;

/**
 * Once a second, walks every live connection: pings the ones that were quiet for a heartbeat
 * interval, closes the ones whose ping went unanswered past the heartbeat timeout, and closes the
 * ones idle past the idle timeout. One task for all connections keeps the per-connection cost at
 * two timestamps.
 */
public final class Housekeeper implements Runnable {
    private static final Logger LOG = System.getLogger("dev.gatehouse.lifecycle");
    private final Collection<ManagedConnection> connections;
    private final Clock clock;
    private final long intervalMillis;
    private final long timeoutMillis;
    private final long idleMillis;

    /** Walks {@code connections} (a live view) with these times, in milliseconds; 0 disables the interval or idle timeout. */
    public Housekeeper(Collection<ManagedConnection> connections, Clock clock, long intervalMillis, long timeoutMillis,
            long idleMillis) {
        this.connections = connections;
        this.clock = clock;
        this.intervalMillis = intervalMillis;
        this.timeoutMillis = timeoutMillis;
        this.idleMillis = idleMillis;
    }

    @Override
    public void run() {
        long now = clock.millis();
        for (ManagedConnection c : connections) {
            try {
                visit(c, now);
            } catch (Throwable t) { // one connection's failure must not stop the heartbeat of all the others
                LOG.log(Level.WARNING, "[" + c.id() + "] heartbeat check failed", t);
            }
        }
    }

    private void visit(ManagedConnection c, long now) {
        if (c.state() == ConnectionState.READY) {
            long pingSent = c.pingSentMillis;
            if (idleMillis > 0 && now - c.lastFrameMillis >= idleMillis) {
                c.close(CloseCodes.NORMAL, CloseReasons.IDLE_TIMEOUT);
            } else if (intervalMillis > 0 && pingSent != 0 && now - pingSent >= timeoutMillis) {
                c.abort(CloseCodes.NORMAL, CloseReasons.HEARTBEAT_TIMEOUT);
            } else if (intervalMillis > 0 && pingSent == 0 && now - c.lastReceivedMillis >= intervalMillis) {
                c.ping(now);
            }
        }
    }
}
