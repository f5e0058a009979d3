package dev.gatehouse;

/**
 * An application-wide condition every connection waits for before its welcome, such as "the
 * database is up". Runs on a worker thread before each welcome, bounded by
 * {@code gatehouse.ready.timeout} together with every other check and setup step; cache the result
 * yourself if it is costly. False, an exception or the bound passing closes the connection with
 * {@code SERVICE_UNAVAILABLE} and 1013.
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
