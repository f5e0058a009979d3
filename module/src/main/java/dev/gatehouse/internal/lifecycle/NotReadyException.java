package dev.gatehouse.internal.lifecycle;

import dev.gatehouse.internal.metrics.GatehouseMetrics.ReadinessFailure;

/** A readiness check said no, or threw: the connection gets {@code SERVICE_UNAVAILABLE}, not a welcome. */
public final class NotReadyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ReadinessFailure cause;

    /** Why, for the log, and which of the two causes, for the meters. */
    public NotReadyException(String message, ReadinessFailure cause) {
        super(message, null, false, false);
        this.cause = cause;
    }

    /** {@return {@code NOT_READY} or {@code CHECK_THREW}} */
    public ReadinessFailure failure() {
        return cause;
    }
}
