package dev.gatehouse.spi;

import dev.gatehouse.Connection;
import java.util.concurrent.CompletionStage;

/**
 * Per-connection work to finish before the welcome, such as loading the user's rooms. Bounded by
 * {@code gatehouse.ready.timeout} together with the {@link ReadinessCheck}s; failing or passing the
 * bound closes the connection with {@code SERVICE_UNAVAILABLE} and 1013.
 */
@FunctionalInterface
public interface ConnectionSetup {

    /**
     * Prepares the connection.
     *
     * @param connection the connection, in state OPEN
     * @return a stage that completes when the setup is done
     * @throws Exception counts as failed
     */
    CompletionStage<?> setUp(Connection connection) throws Exception;
}
