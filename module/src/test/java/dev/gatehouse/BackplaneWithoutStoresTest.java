package dev.gatehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A backplane that keeps neither presence nor history (JMS): presence rooms and history are refused
 * at {@code build()}, naming the property (PresenceTest and RoomHistoryTest check the rule), and the
 * backplane, which may hold a broker connection and threads already, is closed; without either the
 * node builds on it.
 */
class BackplaneWithoutStoresTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    /** Moves nothing; counts its closes. */
    private static final class Storeless implements Backplane {
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public void start(Receiver receiver) {
        }

        @Override
        public CompletionStage<?> publish(String topic, String message) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void subscribe(String topic) {
        }

        @Override
        public void unsubscribe(String topic) {
        }

        @Override
        public String engine() {
            return "jms";
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    @Test
    void presenceRoomsOnABackplaneWithoutPresenceAreRefusedNamingThePropertyAndTheBackplaneIsClosed() {
        Storeless backplane = new Storeless();
        GatehouseConfig config = GatehouseConfig.builder().hmacSecret(SECRET).presenceRooms(List.of("chat:*")).build();

        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Gatehouse.builder().config(config).backplane(backplane).build());

        assertEquals("gatehouse.presence.rooms", e.property());
        assertTrue(e.getMessage().contains("(jms) keeps no presence across nodes"), e.getMessage());
        assertEquals(1, backplane.closes.get(), "the refused backplane was not closed");
    }

    @Test
    void historyRoomsOnABackplaneWithoutHistoryAreRefusedNamingThePropertyAndTheBackplaneIsClosed() {
        Storeless backplane = new Storeless();
        GatehouseConfig config = GatehouseConfig.builder().hmacSecret(SECRET).historyRooms(List.of("news:*")).build();

        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Gatehouse.builder().config(config).backplane(backplane).build());

        assertEquals("gatehouse.history.rooms", e.property());
        assertEquals(1, backplane.closes.get(), "the refused backplane was not closed");
    }

    @Test
    void withoutPresenceRoomsOrHistoryANodeRunsOnIt() {
        Storeless backplane = new Storeless();
        Gatehouse g = Gatehouse.builder().config(GatehouseConfig.builder().hmacSecret(SECRET).build())
                .backplane(backplane).build();

        try {
            assertEquals("jms", g.clusterStatus().engine());
            assertEquals(0, backplane.closes.get());
        } finally {
            g.shutdown(java.time.Duration.ZERO);
        }
    }
}
