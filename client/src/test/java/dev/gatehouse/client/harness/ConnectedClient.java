package dev.gatehouse.client.harness;

import dev.gatehouse.client.GatehouseClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A base for tests that need one server for the class and a ready client per test, recording its calls. */
public abstract class ConnectedClient extends ServerPerClass {
    /** The client of the test, ready. */
    protected GatehouseClient client;
    /** What the client's listener heard. */
    protected RecordingListener events;

    @BeforeEach
    void connectClient() {
        events = new RecordingListener();
        client = GatehouseClient.builder(server.uri()).token(Tokens.valid("alice")).listener(events).build();
        Waits.await(client.connect());
    }

    @AfterEach
    void closeClient() {
        Waits.await(client.close());
    }
}
