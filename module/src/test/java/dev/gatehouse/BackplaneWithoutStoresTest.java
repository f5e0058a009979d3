package dev.gatehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A backplane that keeps neither presence nor history (JMS): presence rooms and history are refused
 * at {@code build()}, naming the property (PresenceTest and RoomHistoryTest check the rule), and the
 * backplane, which may hold a broker connection and threads already, is closed; without either the
 * node builds on it.
 */
class BackplaneWithoutStoresTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final String CLUSTER_SECRET = "the nodes' shared secret, 32 bytes";


    @Test
    void presenceRoomsOnABackplaneWithoutPresenceAreRefusedNamingThePropertyAndTheBackplaneIsClosed() {
        StorelessBackplane backplane = new StorelessBackplane();
        GatehouseConfig config = GatehouseConfig.builder().hmacSecret(SECRET).clusterSecret(CLUSTER_SECRET).presenceRooms(List.of("chat:*")).build();

        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Gatehouse.builder().config(config).backplane(backplane).build());

        assertEquals("gatehouse.presence.rooms", e.property());
        assertTrue(e.getMessage().contains("(jms) keeps no presence across nodes"), e.getMessage());
        assertEquals(1, backplane.closes.get(), "the refused backplane was not closed");
    }

    @Test
    void historyRoomsOnABackplaneWithoutHistoryAreRefusedNamingThePropertyAndTheBackplaneIsClosed() {
        StorelessBackplane backplane = new StorelessBackplane();
        GatehouseConfig config = GatehouseConfig.builder().hmacSecret(SECRET).clusterSecret(CLUSTER_SECRET).historyRooms(List.of("news:*")).build();

        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Gatehouse.builder().config(config).backplane(backplane).build());

        assertEquals("gatehouse.history.rooms", e.property());
        assertEquals(1, backplane.closes.get(), "the refused backplane was not closed");
    }

    @Test
    void withoutPresenceRoomsOrHistoryANodeRunsOnIt() {
        StorelessBackplane backplane = new StorelessBackplane();
        Gatehouse g = Gatehouse.builder().config(GatehouseConfig.builder().hmacSecret(SECRET).clusterSecret(CLUSTER_SECRET).build())
                .backplane(backplane).build();

        try {
            assertEquals("jms", g.clusterStatus().engine());
            assertEquals(0, backplane.closes.get());
        } finally {
            g.shutdown(java.time.Duration.ZERO);
        }
    }
}
