package dev.gatehouse.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.gatehouse.Connection;
import dev.gatehouse.ConnectionState;
import dev.gatehouse.spi.LifecycleListener;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link LifecycleListener} that records every transition as {@code "FROM->TO"} and every close as
 * {@code "closed CODE REASON"}, in the order they were reported, per user and per connection id.
 *
 * <p>Assert on a connection ({@link #connectionOf}) where another connection of the same user could
 * interfere: the JDK's WebSocket client now and then opens a second connection with the same
 * handshake request right after the first one closes, and drops it at once (the server then sees a
 * connection whose welcome cannot be written).
 */
public final class RecordingListener implements LifecycleListener {
    private final ConcurrentHashMap<String, BlockingQueue<String>> events = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<String>> firstConnection = new ConcurrentHashMap<>();
    private final BlockingQueue<String> all = new LinkedBlockingQueue<>();

    @Override
    public void onTransition(Connection connection, ConnectionState from, ConnectionState to) {
        first(connection.userId()).complete(connection.id());
        record(connection, from + "->" + to);
    }

    @Override
    public void onClosed(Connection connection, int code, String reason) {
        record(connection, "closed " + code + " " + reason);
    }

    /** The id of the user's first connection, waiting for it up to {@link TestClient#WAIT}. */
    public String connectionOf(String user) {
        try {
            return first(user).get(TestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("No connection of " + user + " within " + TestClient.WAIT, e);
        }
    }

    private CompletableFuture<String> first(String user) {
        return firstConnection.computeIfAbsent(user, u -> new CompletableFuture<>());
    }

    private void record(Connection connection, String event) {
        record(connection.userId(), event);
        queue(connection.id()).add(event);
    }

    /** Asserts the next events of this user's connections, or of one connection by id, in order. */
    public void assertEvents(String user, String... expected) {
        BlockingQueue<String> queue = queue(user);
        for (String e : expected) {
            String actual = poll(queue, TestClient.WAIT);
            assertNotNull(actual, "No event within " + TestClient.WAIT + ", expected " + e);
            assertEquals(e, actual);
        }
    }

    /** Asserts that no event of any user is reported within {@code quiet}. */
    public void assertNothingWithin(Duration quiet) {
        assertNull(poll(all, quiet), "Expected no lifecycle event");
    }

    /** Asserts that no further event of this user, or of one connection by id, is reported within {@code quiet}. */
    public void assertNothingMoreWithin(String user, Duration quiet) {
        assertNull(poll(queue(user), quiet), "Expected no further lifecycle event for " + user);
    }

    private void record(String user, String event) {
        queue(user).add(event);
        all.add(user + " " + event);
    }

    private BlockingQueue<String> queue(String user) {
        return events.computeIfAbsent(user, u -> new LinkedBlockingQueue<>());
    }

    private static String poll(BlockingQueue<String> queue, Duration wait) {
        try {
            return queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
