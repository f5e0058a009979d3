package dev.gatehouse.internal.lifecycle;

import dev.gatehouse.Connection;
import dev.gatehouse.ConnectionState;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every live connection by id and by user, within the connection limits. Lookups show only READY
 * connections; the housekeeper and shutdown see all of them. Thread-safe; no user code and no
 * transport call runs under its locks (the maps' per-key locks and {@code emptied}). A user's
 * connections are a small immutable set replaced under the map's per-key lock: most users have one
 * or two, and this keeps each at a few bytes.
 */
public final class ConnectionRegistry {
    /** Connections of one user kept as an immutable set; more go to a concurrent set. */
    private static final int SMALL = 8;

    private final ConcurrentHashMap<String, ManagedConnection> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<ManagedConnection>> byUser = new ConcurrentHashMap<>();
    /** Live connections, counted exactly (the map's size is an estimate under contention). */
    private final AtomicInteger live = new AtomicInteger();
    private final int maxConnections;
    private final int maxPerUser;
    /** Notified when the last live connection leaves. */
    private final Object emptied = new Object();

    /** A registry admitting {@code maxConnections} connections, {@code maxPerUser} per user (0: any number). */
    public ConnectionRegistry(int maxConnections, int maxPerUser) {
        this.maxConnections = maxConnections;
        this.maxPerUser = maxPerUser > 0 ? maxPerUser : Integer.MAX_VALUE;
    }

    /** Registers a connection; false, registering nothing, when a connection limit is reached. */
    public boolean tryAdd(ManagedConnection connection) {
        if (live.incrementAndGet() > maxConnections) {
            leave();
            return false;
        }
        boolean[] admitted = {false};
        byUser.compute(connection.userId(), (user, set) -> {
            if (set != null && set.size() >= maxPerUser) {
                return set;
            }
            admitted[0] = true;
            return set == null ? Set.of(connection) : with(set, connection);
        });
        if (!admitted[0]) {
            leave();
            return false;
        }
        byId.put(connection.id(), connection);
        return true;
    }

    /** Whether one more connection, of this user, would be within the limits now. */
    public boolean hasRoomFor(String userId) {
        Set<ManagedConnection> set = byUser.get(userId);
        return live.get() < maxConnections && (set == null || set.size() < maxPerUser);
    }

    /** Whether one more connection of anybody would be within the server's limit now. */
    public boolean hasRoom() {
        return live.get() < maxConnections;
    }

    /** Removes a connection; does nothing for one never admitted or removed already. */
    public void remove(ManagedConnection connection) {
        if (byId.remove(connection.id()) == null) {
            return; // never admitted
        }
        byUser.computeIfPresent(connection.userId(), (user, set) -> without(set, connection));
        leave();
    }

    /** One fewer live connection; whoever waits for none is woken when that was the last (a refused add may be). */
    private void leave() {
        if (live.decrementAndGet() == 0) {
            synchronized (emptied) {
                emptied.notifyAll();
            }
        }
    }

    /** Waits until no connection is live, or {@code timeout} passed; false on timeout. */
    public boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (emptied) {
            for (long left = timeout.toMillis(); !byId.isEmpty() && left > 0;
                    left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) {
                emptied.wait(left);
            }
        }
        return byId.isEmpty();
    }

    /**
     * Under the key's lock. A few connections (most users) are a small immutable set replaced on
     * change; beyond {@link #SMALL} they move to a concurrent set changed in place, so that a user
     * (a service account) with many connections costs no copy per connect.
     */
    private static Set<ManagedConnection> with(Set<ManagedConnection> set, ManagedConnection added) {
        if (set instanceof ConcurrentHashMap.KeySetView<?, ?>) {
            set.add(added);
            return set;
        }
        if (set.size() >= SMALL) {
            Set<ManagedConnection> large = ConcurrentHashMap.newKeySet(2 * SMALL);
            large.addAll(set);
            large.add(added);
            return large;
        }
        Set<ManagedConnection> copy = new HashSet<>(set);
        copy.add(added);
        return Set.copyOf(copy);
    }

    /** Under the key's lock; see {@link #with}. */
    private static Set<ManagedConnection> without(Set<ManagedConnection> set, ManagedConnection removed) {
        if (set instanceof ConcurrentHashMap.KeySetView<?, ?>) {
            set.remove(removed);
            return set.isEmpty() ? null : set;
        }
        Set<ManagedConnection> copy = new HashSet<>(set);
        copy.remove(removed);
        return copy.isEmpty() ? null : Set.copyOf(copy);
    }

    /** Every live connection, whatever its state. */
    public Collection<ManagedConnection> live() {
        return byId.values();
    }

    /** The live connections of a user, whatever their state. */
    public Collection<ManagedConnection> liveOf(String userId) {
        Set<ManagedConnection> set = byUser.get(userId);
        return set == null ? List.of() : List.copyOf(set);
    }

    /** The READY connection with this id, if any. */
    public Optional<Connection> byId(String connectionId) {
        ManagedConnection c = byId.get(connectionId);
        return c != null && isOpen(c) ? Optional.of(c) : Optional.empty();
    }

    /** The READY connections of a user. */
    public Collection<Connection> byUser(String userId) {
        Set<ManagedConnection> set = byUser.get(userId);
        return set == null ? List.of() : set.stream().filter(ConnectionRegistry::isOpen).map(Connection.class::cast).toList();
    }

    /** Every READY connection. */
    public Collection<Connection> all() {
        return byId.values().stream().filter(ConnectionRegistry::isOpen).map(Connection.class::cast).toList();
    }

    /** How many connections are registered (in any state until they close), exactly. */
    public int size() {
        return live.get();
    }

    /** How many connections are READY. */
    public int count() {
        return (int) byId.values().stream().filter(ConnectionRegistry::isOpen).count();
    }

    private static boolean isOpen(ManagedConnection c) {
        return c.state() == ConnectionState.READY;
    }
}
