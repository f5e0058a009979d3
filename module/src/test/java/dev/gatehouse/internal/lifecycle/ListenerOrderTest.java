package dev.gatehouse.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.Connection;
import dev.gatehouse.ConnectionState;
import dev.gatehouse.spi.LifecycleListener;
import dev.gatehouse.spi.LifecycleManager;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Listeners hear a connection's transitions and its close in the order they happened, on the
 * workers, never under the connection's lock, whatever a listener throws.
 */
class ListenerOrderTest {
    private static final List<String> LIFE = List.of("CONNECTING->AUTHENTICATED", "AUTHENTICATED->OPEN", "OPEN->READY",
            "READY->CLOSING", "CLOSING->CLOSED", "closed 4000 BYE");

    private final RecordingTransport transport = RecordingTransport.completing();

    @Test
    void listenersHearEveryTransitionThenTheCloseInOrder() {
        ConnectionFixture fixture = new ConnectionFixture();
        live(fixture);
        assertEquals(LIFE, fixture.listener.events());
    }

    @Test
    void listenersRunOnTheExecutorNotOnTheCallersThread() {
        ConnectionFixture fixture = new ConnectionFixture();
        ManagedConnection c = fixture.connection(transport);
        c.opened();
        c.ready();
        assertEquals(List.of(), fixture.listener.events(), "nothing runs before the executor does");
        fixture.executor.runAll();
        assertEquals(LIFE.subList(0, 3), fixture.listener.events());
    }

    @Test
    void theCloseGatehouseSentIsReportedNotTheContainersEchoOfIt() {
        ConnectionFixture fixture = new ConnectionFixture();
        ManagedConnection c = fixture.ready(transport);
        c.close(4000, "BYE");
        c.onClosed(1006, "the container's view");
        fixture.executor.runAll();
        assertEquals("closed 4000 BYE", fixture.listener.events().get(5));
    }

    @Test
    void aClientsCloseIsReportedWithItsCode() {
        ConnectionFixture fixture = new ConnectionFixture();
        ManagedConnection c = fixture.ready(transport);
        c.onClosed(1000, "bye");
        c.onClosed(1006, "again");
        fixture.executor.runAll();
        assertEquals(List.of("OPEN->READY", "READY->CLOSED", "closed 1000 bye"), fixture.listener.events().subList(2, 5));
        assertEquals(1, fixture.closed.size(), "the registry hears of it once");
    }

    @Test
    void listenerThatThrowsARuntimeExceptionOrAnErrorDoesNotStopTheLaterCalls() {
        LifecycleListener runtimeException = new LifecycleListener() {
            @Override
            public void onTransition(Connection connection, ConnectionState from, ConnectionState to) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void onClosed(Connection connection, int code, String reason) {
                throw new IllegalStateException("listener bug");
            }
        };
        LifecycleListener error = new LifecycleListener() {
            @Override
            public void onTransition(Connection connection, ConnectionState from, ConnectionState to) {
                throw new AssertionError("listener bug");
            }

            @Override
            public void onClosed(Connection connection, int code, String reason) {
                throw new StackOverflowError();
            }
        };
        ConnectionFixture fixture = new ConnectionFixture();
        fixture.listeners(runtimeException, error, fixture.listener);
        live(fixture);
        assertEquals(LIFE, fixture.listener.events());
    }

    @Test
    void managerReleaseThatThrowsDoesNotStopTheClosedCall() {
        ConnectionFixture fixture = new ConnectionFixture();
        fixture.manager(new LifecycleManager() {
            @Override
            public CompletionStage<Void> prepare(Connection connection) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void release(Connection connection) {
                throw new NoClassDefFoundError("release bug");
            }
        });
        live(fixture);
        assertEquals(LIFE, fixture.listener.events());
    }

    @Test
    void listenerMayCallBackIntoTheConnectionAndHoldsNoLockOfIt() {
        List<String> seen = new CopyOnWriteArrayList<>();
        LifecycleListener closing = new LifecycleListener() {
            @Override
            public void onTransition(Connection connection, ConnectionState from, ConnectionState to) {
                if (to == ConnectionState.READY) {
                    seen.add("state " + connection.state() + ", lock held " + Thread.holdsLock(connection));
                    connection.close(4000, "BYE");
                    seen.add("state " + connection.state());
                }
            }
        };
        ConnectionFixture fixture = new ConnectionFixture();
        fixture.listeners(closing, fixture.listener);
        ManagedConnection c = fixture.ready(transport);
        c.onClosed(1000, "");
        fixture.executor.runAll();
        assertEquals(List.of("state READY, lock held false", "state CLOSING"), seen);
        assertEquals(LIFE, fixture.listener.events());
        assertEquals(List.of("connection_established", "close 4000 BYE"), transport.summary());
    }

    @Test
    void transitionsMadeBeforeTheExecutorRunsAreHeardInOrderInOneTurn() {
        ConnectionFixture fixture = new ConnectionFixture();
        ManagedConnection c = fixture.connection(transport);
        c.opened();
        c.close(4000, "BYE"); // queued behind the opening transitions, not yet run
        c.onClosed(1000, "");
        assertEquals(1, fixture.executor.pending(), "one turn of the executor for the connection's calls");
        fixture.executor.runAll();
        assertEquals(List.of("CONNECTING->AUTHENTICATED", "AUTHENTICATED->OPEN", "OPEN->CLOSING", "CLOSING->CLOSED",
                "closed 4000 BYE"), fixture.listener.events());
    }

    /** A connection through its whole life, closed by the application with 4000 BYE, its listener calls run. */
    private void live(ConnectionFixture fixture) {
        ManagedConnection c = fixture.ready(transport);
        c.close(4000, "BYE");
        c.onClosed(4000, "BYE");
        fixture.executor.runAll();
    }
}
