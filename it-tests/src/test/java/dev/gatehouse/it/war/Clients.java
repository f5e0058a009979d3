package dev.gatehouse.it.war;

import dev.gatehouse.test.TestConnection;
import java.net.URI;

/** Connections through the test kit's client. */
final class Clients {
    private Clients() {
    }

    /** Connects with this token and takes the welcome, asserting it is the first frame. */
    static TestConnection welcomed(URI uri, String token) {
        TestConnection connection = TestConnection.open(uri, token);
        connection.assertWelcome();
        return connection;
    }
}
