package dev.gatehouse.internal.lifecycle;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WARNING that is logged once per burst rather than once per event: the first event after a
 * quiet period is logged at once, the ones that follow within the period are counted and reported
 * with the next line. For refusals that come by the thousand (connection limits).
 */
public final class BurstLog {
    private final Logger log;
    private final String what;
    private final long periodNanos;
    private final AtomicLong nextLogNanos = new AtomicLong(Long.MIN_VALUE);
    private final AtomicInteger unreported = new AtomicInteger();

    /**
     * A log of one kind of event.
     *
     * @param log where the lines go
     * @param what the event, for example {@code "handshake refused: the server holds its maximum of connections"}
     * @param periodSeconds the least time between two lines
     */
    public BurstLog(Logger log, String what, long periodSeconds) {
        this.log = log;
        this.what = what;
        this.periodNanos = periodSeconds * 1_000_000_000L;
    }

    /** One more event; logs when the period since the last line has passed. */
    public void event(String detail) {
        int count = unreported.incrementAndGet();
        long now = System.nanoTime();
        long next = nextLogNanos.get();
        if ((next == Long.MIN_VALUE || now - next >= 0) && nextLogNanos.compareAndSet(next, now + periodNanos)) {
            unreported.addAndGet(-count);
            log.log(Level.WARNING, "{0} ({1}); {2,number,#} such event(s) since the last report", what, detail, count);
        }
    }
}
