package dev.gatehouse.client.harness;

import dev.gatehouse.client.ReconnectPolicy;
import java.time.Duration;
import java.util.function.BiPredicate;

/** Reconnect policies for tests. */
public final class Policies {
    private Policies() {
    }

    /**
     * {@return backoff between the delays that also reconnects after the server's 1000 / 4000–4999 closes the predicate accepts}
     *
     * @param min the base delay
     * @param max the cap
     * @param afterServerClose the close code and reason to reconnect after
     */
    public static ReconnectPolicy backoffReconnectingAfter(Duration min, Duration max,
            BiPredicate<Integer, String> afterServerClose) {
        ReconnectPolicy backoff = ReconnectPolicy.backoff(min, max);
        return new ReconnectPolicy() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public Duration minDelay() {
                return backoff.minDelay();
            }

            @Override
            public Duration maxDelay() {
                return backoff.maxDelay();
            }

            @Override
            public boolean reconnectAfterServerClose(int code, String reason) {
                return afterServerClose.test(code, reason);
            }
        };
    }
}
