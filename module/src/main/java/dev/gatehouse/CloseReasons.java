package dev.gatehouse;

import dev.gatehouse.spi.LifecycleListener;

/**
 * The close reasons Gatehouse sends that are not error codes (PROTOCOL.md §5), to compare with
 * the reason a {@link LifecycleListener#onClosed} hears. Where an error code explains the close
 * ({@code TOKEN_EXPIRED}, {@code MESSAGE_TOO_LARGE}, ...), the reason is that code's
 * {@link ErrorCode#name()}.
 */
public final class CloseReasons {
    /** 1000: the client sent no frame for {@code gatehouse.idle-timeout}. */
    public static final String IDLE_TIMEOUT = "IDLE_TIMEOUT";
    /** 1000: a heartbeat ping went unanswered for {@code gatehouse.heartbeat.timeout}. */
    public static final String HEARTBEAT_TIMEOUT = "HEARTBEAT_TIMEOUT";
    /** 1001: the server is stopping or the application is undeployed. */
    public static final String SERVER_SHUTDOWN = "SERVER_SHUTDOWN";
    /** 1013: the client stopped reading (its send queue filled up) or a write failed. */
    public static final String SLOW_CONSUMER = "SLOW_CONSUMER";
    /** 1002: the client broke RFC 6455 (standalone server). */
    public static final String PROTOCOL_ERROR = "PROTOCOL_ERROR";
    /** 1007: a text frame or close reason that is not UTF-8 (standalone server). */
    public static final String INVALID_PAYLOAD = "INVALID_PAYLOAD";

    private CloseReasons() {
    }
}
