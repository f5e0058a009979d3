package dev.gatehouse.internal.lifecycle;

import dev.gatehouse.Connection;
import dev.gatehouse.ConnectionState;
import dev.gatehouse.Connections;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every live connection by id and by user. Lookups show only READY connections; the housekeeper and
 * shutdown see all of them. Thread-safe. A user's connections are a small immutable set replaced
 * under the map's per-key lock: most users have one or two, and this keeps each at a few bytes.
 */
final class ConnectionRegistry implements Connections {
    private final ConcurrentHashMap<String, ManagedConnection> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<ManagedConnection>> byUser = new ConcurrentHashMap<>();
    /** Notified when the last live connection leaves. */
    private final Object emptied = new Object();

    void add(ManagedConnection connection) {
        byId.put(connection.id(), connection);
        byUser.compute(connection.userId(), (user, set) -> set == null ? Set.of(connection) : with(set, connection));
    }

    void remove(ManagedConnection connection) {
        byId.remove(connection.id());
        byUser.computeIfPresent(connection.userId(), (user, set) -> without(set, connection));
        if (byId.isEmpty()) {
            synchronized (emptied) {
                emptied.notifyAll();
            }
        }
    }

    /** Waits until no connection is live, or {@code timeout} passed; false on timeout. */
    boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (emptied) {
            for (long left = timeout.toMillis(); !byId.isEmpty() && left > 0;
                    left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) {
                emptied.wait(left);
            }
        }
        return byId.isEmpty();
    }

    private static Set<ManagedConnection> with(Set<ManagedConnection> set, ManagedConnection added) {
        Set<ManagedConnection> copy = new HashSet<>(set);
        copy.add(added);
        return Set.copyOf(copy);
    }

    private static Set<ManagedConnection> without(Set<ManagedConnection> set, ManagedConnection removed) {
        Set<ManagedConnection> copy = new HashSet<>(set);
        copy.remove(removed);
        return copy.isEmpty() ? null : Set.copyOf(copy);
    }

    /** Every live connection, whatever its state. */
    Collection<ManagedConnection> live() {
        return byId.values();
    }

    @Override
    public Optional<Connection> byId(String connectionId) {
        ManagedConnection c = byId.get(connectionId);
        return c != null && isOpen(c) ? Optional.of(c) : Optional.empty();
    }

    @Override
    public Collection<Connection> byUser(String userId) {
        Set<ManagedConnection> set = byUser.get(userId);
        return set == null ? List.of() : set.stream().filter(ConnectionRegistry::isOpen).map(Connection.class::cast).toList();
    }

    @Override
    public Collection<Connection> all() {
        return byId.values().stream().filter(ConnectionRegistry::isOpen).map(Connection.class::cast).toList();
    }

    @Override
    public int count() {
        return (int) byId.values().stream().filter(ConnectionRegistry::isOpen).count();
    }

    private static boolean isOpen(ManagedConnection c) {
        return c.state() == ConnectionState.READY;
    }
}
