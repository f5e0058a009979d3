package dev.gatehouse.spi;

/**
 * An application-wide condition every connection waits for before its welcome, such as "the
 * database is up"; also the standalone server's {@code /health/ready} and the WAR's readiness check.
 * Runs on Gatehouse's lifecycle pool, at most once at a time, and its answer serves every
 * connection and probe for a second: a thousand connections opening at once cost one call. Bounded
 * by {@code gatehouse.ready.timeout} together with the setup steps: false, an exception or the
 * bound passing closes the connection with {@code SERVICE_UNAVAILABLE} and 1013. A check still
 * running past the bound is not called again until it returns, and counts as not ready meanwhile.
 */
@FunctionalInterface
public interface ReadinessCheck {

    /**
     * Whether the application can serve connections now.
     *
     * @return true when it can
     * @throws Exception counts as not ready
     */
    boolean isReady() throws Exception;

    /** {@return a name for logs} */
    default String name() {
        return getClass().getSimpleName();
    }
}
