package dev.gatehouse.jms.internal;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.util.concurrent.TimeUnit;

/**
 * A message a link sends to its own temporary queue every {@value #EVERY_MS} ms, to learn that the
 * broker still answers: a broker that hangs with its connections open fails no call. Unanswered
 * for {@value #LATE_MS} ms, the node is not connected; for {@value #LOST_MS} ms, the link is
 * broken. Driven by the link thread; {@link #late} is read by any thread.
 */
final class Probe {
    static final long EVERY_MS = 1000;
    static final long LATE_MS = 2000;
    static final long LOST_MS = 5000;
    /** How often the link thread looks at the probe at most. */
    private static final long CHECK_MS = 100;

    /** When the outstanding probe was sent ({@link System#nanoTime()}), or 0 when none is outstanding. */
    private volatile long sentAt;
    // Link thread only.
    private long seq;
    private long answeredAt;
    private long checkedAt;

    /** A new link: nothing outstanding, the next probe in a second. */
    void reset() {
        sentAt = 0;
        answeredAt = System.nanoTime();
    }

    /** {@return whether the outstanding probe is unanswered for longer than {@value #LATE_MS} ms} */
    boolean late() {
        long sent = sentAt;
        return sent != 0 && System.nanoTime() - sent >= TimeUnit.MILLISECONDS.toNanos(LATE_MS);
    }

    /** Reads the answer, sends the next probe when due, marks the link broken when it stays silent. */
    void check(Link l) throws JMSException {
        long now = System.nanoTime();
        if (now - checkedAt < TimeUnit.MILLISECONDS.toNanos(CHECK_MS)) {
            return;
        }
        checkedAt = now;
        long sent = sentAt;
        if (sent != 0) {
            Message answer;
            while ((answer = l.probeConsumer.receive(1)) != null) {
                if (answer instanceof TextMessage t && Long.toString(seq).equals(t.getText())) {
                    sentAt = 0;
                    answeredAt = now;
                }
            }
            if (sentAt != 0 && now - sent > TimeUnit.MILLISECONDS.toNanos(LOST_MS)) {
                l.broken("no answer from the broker for " + LOST_MS + " ms");
            }
        } else if (now - answeredAt >= TimeUnit.MILLISECONDS.toNanos(EVERY_MS)) {
            seq++;
            l.probe(Long.toString(seq));
            sentAt = Math.max(1, now);
        }
    }
}
