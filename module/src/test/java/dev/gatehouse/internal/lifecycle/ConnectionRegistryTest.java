package dev.gatehouse.internal.lifecycle;

import static dev.gatehouse.internal.lifecycle.ConnectionFixture.START;
import static dev.gatehouse.internal.lifecycle.ConnectionFixture.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every live connection within the limits; lookups show the READY ones only. */
class ConnectionRegistryTest {
    private final ConnectionFixture fixture = new ConnectionFixture();

    @Test
    void lookupsShowOnlyReadyConnections() {
        ConnectionRegistry registry = new ConnectionRegistry(10, 10);
        ManagedConnection opening = connection("alice");
        opening.opened();
        ManagedConnection ready = fixture.ready(connection("alice"));
        ManagedConnection closing = fixture.ready(connection("alice"));
        closing.close(1000, "BYE");
        List.of(opening, ready, closing).forEach(registry::tryAdd);

        assertEquals(Optional.of(ready), registry.byId(ready.id()));
        assertEquals(Optional.empty(), registry.byId(opening.id()));
        assertEquals(Optional.empty(), registry.byId(closing.id()));
        assertEquals(List.of(ready), List.copyOf(registry.byUser("alice")));
        assertEquals(List.of(ready), List.copyOf(registry.all()));
        assertEquals(1, registry.count());
        assertEquals(3, registry.live().size(), "the housekeeper and shutdown see them all");
        assertEquals(List.of(), List.copyOf(registry.byUser("nobody")));
    }

    @Test
    void tryAddRefusesOverMaxConnectionsAndRegistersNothing() {
        ConnectionRegistry registry = new ConnectionRegistry(2, 0);
        assertTrue(registry.tryAdd(connection("a")));
        assertTrue(registry.tryAdd(connection("b")));
        assertFalse(registry.hasRoom());
        ManagedConnection refused = fixture.ready(connection("c"));
        assertFalse(registry.tryAdd(refused));
        assertEquals(2, registry.live().size());
        assertEquals(List.of(), List.copyOf(registry.byUser("c")));
        registry.remove(refused);
        assertFalse(registry.hasRoom(), "removing a refused connection frees no room");
    }

    @Test
    void aUserWithManyConnectionsKeepsEveryOneAndItsLimitUntilTheLastLeaves() {
        ConnectionRegistry registry = new ConnectionRegistry(100, 20);
        List<ManagedConnection> many = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ManagedConnection c = fixture.ready(connection("service"));
            assertTrue(registry.tryAdd(c));
            many.add(c);
        }
        assertFalse(registry.tryAdd(fixture.ready(connection("service"))), "the limit holds beyond the small sets too");
        assertEquals(20, registry.byUser("service").size());
        for (int i = 0; i < 19; i++) {
            registry.remove(many.get(i));
        }
        assertEquals(List.of(many.get(19)), List.copyOf(registry.byUser("service")));
        registry.remove(many.get(19));
        assertEquals(List.of(), List.copyOf(registry.byUser("service")));
        assertTrue(registry.hasRoomFor("service"));
    }

    @Test
    void tryAddRefusesOverMaxPerUserAndRegistersNothing() {
        ConnectionRegistry registry = new ConnectionRegistry(10, 1);
        ManagedConnection first = fixture.ready(connection("alice"));
        assertTrue(registry.tryAdd(first));
        ManagedConnection second = fixture.ready(connection("alice"));
        assertFalse(registry.tryAdd(second));
        assertTrue(registry.tryAdd(connection("bob")));
        assertEquals(2, registry.live().size());
        assertEquals(List.of(first), List.copyOf(registry.byUser("alice")));
        assertFalse(registry.hasRoomFor("alice"));
        assertTrue(registry.hasRoomFor("carol"));
        registry.remove(second);
        assertFalse(registry.hasRoomFor("alice"), "removing a refused connection frees no room");
    }

    @Test
    void removeIsIdempotentAndFreesRoom() {
        ConnectionRegistry registry = new ConnectionRegistry(2, 1);
        ManagedConnection a = connection("alice");
        registry.tryAdd(a);
        registry.tryAdd(connection("bob"));
        registry.remove(a);
        registry.remove(a);
        assertEquals(1, registry.live().size());
        assertTrue(registry.hasRoomFor("alice"));
        assertTrue(registry.tryAdd(connection("alice")));
        assertFalse(registry.hasRoom(), "the second remove freed nothing more");
    }

    @Test
    void concurrentTryAddNeverExceedsTheLimits() throws InterruptedException {
        int maxConnections = 50;
        int maxPerUser = 3;
        ConnectionRegistry registry = new ConnectionRegistry(maxConnections, maxPerUser);
        int threads = 8;
        List<List<ManagedConnection>> perThread = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<ManagedConnection> mine = new ArrayList<>();
            for (int u = 0; u < 40; u++) {
                mine.add(connection("user" + (u % 20)));
            }
            perThread.add(mine);
        }
        CountDownLatch startGate = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        AtomicInteger admitted = new AtomicInteger();
        for (List<ManagedConnection> mine : perThread) {
            new Thread(() -> {
                try {
                    startGate.await();
                    mine.forEach(c -> {
                        if (registry.tryAdd(c)) {
                            admitted.incrementAndGet();
                        }
                    });
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }).start();
        }
        startGate.countDown();
        assertTrue(done.await(10, TimeUnit.SECONDS));

        assertTrue(admitted.get() <= maxConnections, admitted + " admitted");
        assertEquals(admitted.get(), registry.live().size(), "every admitted connection is registered, no other");
        Map<String, Long> perUser = registry.live().stream()
                .collect(Collectors.groupingBy(Connection::userId, Collectors.counting()));
        perUser.forEach((user, count) -> assertTrue(count <= maxPerUser, user + " holds " + count));
    }

    @Test
    void awaitEmptyReturnsTrueOnceTheLastOneLeaves() throws InterruptedException {
        ConnectionRegistry registry = new ConnectionRegistry(10, 10);
        ManagedConnection a = connection("alice");
        ManagedConnection b = connection("bob");
        registry.tryAdd(a);
        registry.tryAdd(b);
        assertFalse(registry.awaitEmpty(Duration.ZERO));

        Thread waiter = Thread.currentThread();
        Thread leaving = new Thread(() -> {
            registry.remove(a);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (waiter.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // the last one leaves while the waiter waits
            }
            registry.remove(b);
        });
        leaving.start();
        assertTrue(registry.awaitEmpty(Duration.ofSeconds(30)));
        leaving.join();
        assertTrue(registry.awaitEmpty(Duration.ZERO));
    }

    private ManagedConnection connection(String user) {
        return fixture.connection(RecordingTransport.completing(), token(user, START.plusSeconds(3600)));
    }
}
