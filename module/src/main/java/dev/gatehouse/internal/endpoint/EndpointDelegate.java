package dev.gatehouse.internal.endpoint;

import dev.gatehouse.CloseCodes;
import dev.gatehouse.ErrorCode;
import dev.gatehouse.internal.GatehouseRuntime;
import dev.gatehouse.internal.lifecycle.ManagedConnection;
import dev.gatehouse.spi.Verification;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.util.function.Consumer;

/**
 * What both endpoint classes (annotated and programmatic) do, so that neither holds logic: turn
 * the handshake's verification into a connection, forward frames, and keep every failure inside.
 * One instance per WebSocket session.
 */
public final class EndpointDelegate {
    /** The session user property under which the configurator leaves the handshake's verification. */
    public static final String VERIFICATION = "dev.gatehouse.verification";
    /** The session user property under which the configurator leaves a hook that learns the opened connection. */
    public static final String ON_OPEN = "dev.gatehouse.on-open";
    private static final Logger LOG = System.getLogger("dev.gatehouse.lifecycle");

    private final GatehouseRuntime runtime;
    /** Null until opened, and for a refused (diagnostic-mode) session. */
    private volatile ManagedConnection connection;

    /** A delegate for one session. */
    public EndpointDelegate(GatehouseRuntime runtime) {
        this.runtime = runtime;
    }

    /** The WebSocket opened. */
    @SuppressWarnings("unchecked") // the hook is the Handoffs.Entry's, put there by the configurator
    public void onOpen(Session session) {
        Object verification = session.getUserProperties().remove(VERIFICATION);
        Object onOpen = session.getUserProperties().remove(ON_OPEN);
        session.setMaxIdleTimeout(0); // Gatehouse's own idle timeout and heartbeat apply instead
        if (verification instanceof Verification.Accepted accepted) {
            ManagedConnection opened = runtime.open(new SessionTransport(session), accepted);
            connection = opened; // before readiness can close it, so that the close finds it
            if (onOpen instanceof Consumer<?> hook) {
                ((Consumer<ManagedConnection>) hook).accept(opened);
            }
            runtime.prepare(opened);
        } else if (verification instanceof Verification.Refused refused) {
            // An upgrade check's own code: no error frame (§3.4 lists Gatehouse's codes), the code as the reason.
            new SessionTransport(session).close(CloseCodes.POLICY_VIOLATION, refused.code());
        } else {
            refuse(session, verification instanceof Verification.Rejected r ? r
                    : new Verification.Rejected(ErrorCode.NO_TOKEN, "Handshake was not checked"));
        }
    }

    /** A text frame. */
    public void onText(String text) {
        ManagedConnection c = connection;
        if (c != null) {
            c.onText(text);
        }
    }

    /** A binary frame. */
    public void onBinary() {
        ManagedConnection c = connection;
        if (c != null) {
            c.onBinary();
        }
    }

    /** A pong. */
    public void onPong() {
        ManagedConnection c = connection;
        if (c != null) {
            c.onPong();
        }
    }

    /** The session closed. */
    public void onClose(CloseReason reason) {
        ManagedConnection c = connection;
        if (c != null) {
            c.onClosed(reason.getCloseCode().getCode(), reason.getReasonPhrase());
        }
    }

    /** The container reported an error; the close that follows is handled by {@link #onClose}. */
    public void onError(Throwable error) {
        ManagedConnection c = connection;
        LOG.log(Level.DEBUG, () -> "[" + (c != null ? c.id() : "unopened") + "] transport error: " + error);
    }

    /**
     * Diagnostic mode (or a container that skipped the gate): one error frame, then 1008, or 1013
     * for a server not ready to verify tokens ({@code SERVICE_UNAVAILABLE}).
     */
    private void refuse(Session session, Verification.Rejected rejected) {
        SessionTransport transport = new SessionTransport(session);
        String frame = runtime.frames().error(rejected.code(), rejected.message(), null);
        int close = rejected.code().closeCode() == CloseCodes.TRY_AGAIN_LATER ? CloseCodes.TRY_AGAIN_LATER
                : CloseCodes.POLICY_VIOLATION;
        transport.sendText(frame, sent -> transport.close(close, rejected.code().name()));
    }
}
