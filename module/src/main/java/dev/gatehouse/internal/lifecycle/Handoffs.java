package dev.gatehouse.internal.lifecycle;

import dev.gatehouse.spi.Verification;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Verdicts handed from a container adapter that checked an upgrade request before the WebSocket
 * container saw it (the standalone handshake filter, a WAR's servlet filter) to the configurator,
 * so that a token is verified once per upgrade, and a hook that learns the connection once it is open.
 *
 * <p>The hand-over is on one thread: Grizzly runs the filter, then Tyrus' handshake, which calls
 * the configurator, in one pass of its filter chain; in a WAR the server's WebSocket filter
 * (Tyrus' on Payara, Undertow's on WildFly) calls the configurator within the servlet filter's
 * {@code chain.doFilter}. The filter hands an entry to its thread for the request's
 * {@code Sec-WebSocket-Key}, and clears it when the pass ends, whatever the server did; the
 * configurator takes it only for a request with the same key. Nothing travels in the request, so a
 * client cannot name an entry, and nothing outlives the pass. Each thread sees only its own entry.
 */
public final class Handoffs {
    /**
     * What the adapter hands on.
     *
     * @param verification the handshake's verdict
     * @param onOpen told the connection when the WebSocket opens
     */
    public record Entry(Verification verification, Consumer<ManagedConnection> onOpen) {
    }

    private record Pending(String webSocketKey, Entry entry) {
    }

    private final ThreadLocal<Pending> pending = new ThreadLocal<>();

    /** Hands an entry to this thread's next {@link #take} for a request with this {@code Sec-WebSocket-Key}. */
    public void hand(String webSocketKey, Entry entry) {
        pending.set(new Pending(Objects.requireNonNull(webSocketKey, "webSocketKey"), entry));
    }

    /**
     * Takes this thread's entry if it was handed for this {@code Sec-WebSocket-Key}, else null; either
     * way nothing is left to take.
     */
    public Entry take(String webSocketKey) {
        Pending p = pending.get();
        if (p == null) {
            return null;
        }
        pending.remove();
        return p.webSocketKey().equals(webSocketKey) ? p.entry() : null;
    }

    /** Forgets this thread's entry, if one was not taken (the pass ended without a handshake). */
    public void clear() {
        pending.remove();
    }
}
