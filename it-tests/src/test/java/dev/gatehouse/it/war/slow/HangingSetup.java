package dev.gatehouse.it.war.slow;

import dev.gatehouse.Connection;
import dev.gatehouse.spi.ConnectionSetup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Hangs on its thread for users named {@code hang-setup…} (loading their rooms from a database that does not answer). */
@ApplicationScoped
public class HangingSetup implements ConnectionSetup {
    /** The users whose setup hangs. */
    public static final String USERS = "hang-setup";

    @Override
    public CompletionStage<?> setUp(Connection connection) {
        if (connection.userId().startsWith(USERS)) {
            Hang.await("setup");
        }
        return CompletableFuture.completedFuture(null);
    }
}
