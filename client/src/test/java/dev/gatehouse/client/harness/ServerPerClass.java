package dev.gatehouse.client.harness;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A base for tests that share one server with the default configuration for the whole class. */
public abstract class ServerPerClass {
    /** The server, for the whole class. */
    protected static TestGatehouse server;

    @BeforeAll
    static void startServer() {
        server = TestGatehouse.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }
}
