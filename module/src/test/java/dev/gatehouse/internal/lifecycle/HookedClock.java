package dev.gatehouse.internal.lifecycle;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock standing at one instant that runs a hook the first time someone reads {@link #instant()}:
 * given to the protocol frames, it lets a test act at the moment the welcome is built, between the
 * connection's step to READY and the welcome being queued (as another thread could).
 */
public final class HookedClock extends Clock {
    private final Instant now;
    private Runnable onFirstRead;

    public HookedClock(Instant now, Runnable onFirstRead) {
        this.now = now;
        this.onFirstRead = onFirstRead;
    }

    @Override
    public synchronized Instant instant() {
        Runnable hook = onFirstRead;
        onFirstRead = null;
        if (hook != null) {
            hook.run();
        }
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
