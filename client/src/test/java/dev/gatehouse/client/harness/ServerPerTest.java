package dev.gatehouse.client.harness;

import dev.gatehouse.GatehouseConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A base for tests that need a server of their own for each test (they count its handshakes, or
 * stop and restart it), started with {@link #configure}'s configuration.
 */
public abstract class ServerPerTest {
    /** The server, for the current test. */
    protected TestGatehouse server;

    /**
     * The configuration each test's server starts with: the harness's default unless overridden.
     *
     * @param config the default configuration
     * @return the configuration to start with
     */
    protected GatehouseConfig.Builder configure(GatehouseConfig.Builder config) {
        return config;
    }

    @BeforeEach
    final void startServer() {
        server = TestGatehouse.start(this::configure);
    }

    @AfterEach
    final void stopServer() {
        server.close();
    }
}
