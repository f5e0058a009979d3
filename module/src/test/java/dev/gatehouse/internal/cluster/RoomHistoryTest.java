package dev.gatehouse.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ConfigurationException;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.internal.cluster.ClusterNode.Member;
import dev.gatehouse.spi.Backplane;
import dev.gatehouse.spi.HistoryStore.Position;
import dev.gatehouse.spi.InProcessCluster;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Rooms with history (PROTOCOL.md §3.6) on fake connections: positions on every frame, recovery of
 * a stated position (all or nothing, with its reason), and gaps between nodes filled from the
 * history.
 */
class RoomHistoryTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private final List<ClusterNode> nodes = new ArrayList<>();

    private ClusterNode node(String id, Backplane backplane, GatehouseConfig.Builder config) {
        ClusterNode n = new ClusterNode(id, config.clusterSecret(ClusterNode.SECRET).build(),
                backplane, null);
        nodes.add(n);
        return n;
    }

    private ClusterNode alone(GatehouseConfig.Builder config) {
        return node("node-a", null, config);
    }

    private static GatehouseConfig.Builder history(String... rooms) {
        return GatehouseConfig.builder().historyRooms(List.of(rooms));
    }

    @AfterEach
    void close() {
        nodes.forEach(ClusterNode::close);
    }

    @Test
    void framesToARoomWithHistoryCarryItsEpochAndConsecutiveOffsets() throws Exception {
        ClusterNode node = alone(history("chat:*"));
        Member alice = node.ready("alice");
        alice.connection().rooms().join("chat:lobby");
        alice.connection().rooms().join("other");
        for (int i = 1; i <= 3; i++) {
            node.connections.sendToRoom("chat:lobby", "chat.message", Map.of("n", i));
        }
        node.connections.sendToRoom("other", "plain", null);
        List<JsonObject> got = frames(alice, 5);

        List<JsonObject> chat = got.stream().filter(o -> o.getString("type").equals("chat.message")).toList();
        String epoch = chat.get(0).getString("epoch");
        for (int i = 1; i <= 3; i++) {
            JsonObject f = chat.get(i - 1);
            assertEquals("chat:lobby", f.getString("room"));
            assertEquals(epoch, f.getString("epoch"));
            assertEquals(i, f.getJsonNumber("offset").longValue());
            assertEquals(i, f.getJsonObject("data").getInt("n"));
        }
        JsonObject plain = got.stream().filter(o -> o.getString("type").equals("plain")).findFirst().orElseThrow();
        assertFalse(plain.containsKey("offset"), "a room without history has no positions: " + plain);
    }

    @Test
    void aStatedPositionGetsTheMissedFramesInOrderBeforeLiveOnesThenRecoveredTrue() throws Exception {
        ClusterNode node = alone(history("chat:*"));
        Member sender = node.ready("sender");
        Member before = node.ready("alice");
        before.connection().rooms().join("chat:lobby");
        node.connections.sendToRoom("chat:lobby", "n", Map.of("n", 1));
        JsonObject first = frames(before, 2).get(1);
        before.connection().close(1000, "GONE");

        for (int i = 2; i <= 5; i++) {
            node.connections.sendToRoom("chat:lobby", "n", Map.of("n", i));
        }
        Member after = node.ready("alice");
        node.connections.stated(after.connection(),
                Map.of("chat:lobby", new Position(first.getString("epoch"), 1)), null, before.id());
        after.connection().rooms().join("chat:lobby");
        node.connections.sendToRoom("chat:lobby", "n", Map.of("n", 6));

        List<JsonObject> got = frames(after, 7); // welcome, 2..5 and 6, the event after the replayed ones
        assertEquals(List.of(2, 3, 4, 5, 6), numbers(got.stream().filter(f -> f.containsKey("offset")).toList()),
                got.toString());
        int at = eventIndex(got);
        JsonObject event = got.get(at).getJsonObject("data");
        assertTrue(event.getBoolean("recovered"), event.toString());
        assertEquals(first.getString("epoch"), event.getString("epoch"));
        long reached = event.getJsonNumber("offset").longValue();
        assertEquals(reached - 1, event.getInt("replayed"), "every frame after 1 up to the event's position");
        assertEquals(reached, got.get(at - 1).getJsonNumber("offset").longValue(), "the replayed frames come before it");
        assertTrue(reached >= 5, "2..5 were missed before the join: " + got);
        assertEquals(1, sender.transport().texts().size(), "the sender is not in the room");
    }

    @Test
    void aFrameSentExceptThePreviousConnectionIsNotReplayedToIt() throws Exception {
        ClusterNode node = alone(history("chat:*"));
        Member before = node.ready("alice");
        before.connection().rooms().join("chat:lobby");
        node.connections.sendToRoom("chat:lobby", "n", Map.of("n", 1));
        String epoch = frames(before, 2).get(1).getString("epoch");
        before.connection().close(1000, "GONE");
        node.connections.sendToRoom("chat:lobby", "n", Map.of("n", 2), before.id()); // alice's own, echoed by her client
        node.connections.sendToRoom("chat:lobby", "n", Map.of("n", 3));

        Member after = node.ready("alice");
        node.connections.stated(after.connection(), Map.of("chat:lobby", new Position(epoch, 1)), null, before.id());
        after.connection().rooms().join("chat:lobby");
        List<JsonObject> got = frames(after, 3);
        assertEquals(List.of(3), numbers(got.subList(1, 2)));
        assertEquals(1, got.get(2).getJsonObject("data").getInt("replayed"));
        assertEquals(3, got.get(2).getJsonObject("data").getJsonNumber("offset").longValue());
    }

    @Test
    void moreMissedThanTheRecoveryLimitIsTooFarBehindAndNothingIsReplayed() throws Exception {
        assertNotRecovered(history("chat:*").historyRecoveryLimit(2), 3, "too_far_behind");
    }

    @Test
    void framesTheHistoryNoLongerHoldsAreExpiredAndNothingIsReplayed() throws Exception {
        assertNotRecovered(history("chat:*;size=2"), 3, "expired");
    }

    @Test
    void aPositionOfAnotherEpochIsEpochChanged() throws Exception {
        ClusterNode node = alone(history("chat:*"));
        node.connections.sendToRoom("chat:lobby", "n", Map.of("n", 1));
        Member after = node.ready("alice");
        node.connections.stated(after.connection(), Map.of("chat:lobby", new Position("gone", 7)), null, null);
        after.connection().rooms().join("chat:lobby");
        JsonObject event = frames(after, 2).get(1).getJsonObject("data");
        assertFalse(event.getBoolean("recovered"));
        assertEquals("epoch_changed", event.getString("reason"));
        assertEquals(1, event.getJsonNumber("offset").longValue(), "the room's position now: " + event);
    }

    @Test
    void aFreshJoinGetsOnlyFramesSentAfterIt() throws Exception {
        ClusterNode node = alone(history("chat:*"));
        Member early = node.ready("early");
        early.connection().rooms().join("chat:lobby");
        node.connections.sendToRoom("chat:lobby", "n", Map.of("n", 1));
        frames(early, 2);
        Member late = node.ready("late");
        late.connection().rooms().join("chat:lobby");
        node.connections.sendToRoom("chat:lobby", "n", Map.of("n", 2));
        List<JsonObject> got = frames(late, 2);
        assertEquals(List.of(2), numbers(got.subList(1, 2)));
    }

    @Test
    void aFrameLostBetweenNodesIsFilledFromTheHistoryBeforeTheNextIsDelivered() throws Exception {
        InProcessCluster cluster = new InProcessCluster();
        AtomicInteger positioned = new AtomicInteger();
        ClusterNode a = node("node-a", cluster.node(), history("chat:*"));
        ClusterNode b = node("node-b", new LosingBackplane(cluster.node(), () -> positioned.incrementAndGet() == 3),
                history("chat:*"));
        Member onB = b.ready("bob");
        onB.connection().rooms().join("chat:lobby");
        b.awaitSubscriptions();
        b.connections.awaitHistory();
        for (int i = 1; i <= 5; i++) {
            a.connections.sendToRoom("chat:lobby", "n", Map.of("n", i));
        }
        List<JsonObject> got = frames(onB, 6);
        assertEquals(List.of(1, 2, 3, 4, 5), numbers(got.subList(1, 6)), "frame 3 was dropped on its way to B");
        b.connections.awaitHistory();
        assertEquals(6, onB.transport().texts().size(), "no room_recovery: the gap was filled");
    }

    @Test
    void aFrameLostAtTheEndOfAStreamIsFoundWhenTheBackplaneIsBack() throws Exception {
        InProcessCluster cluster = new InProcessCluster();
        AtomicInteger positioned = new AtomicInteger();
        ClusterNode a = node("node-a", cluster.node(), history("chat:*"));
        LosingBackplane losing = new LosingBackplane(cluster.node(), () -> positioned.incrementAndGet() == 2);
        ClusterNode b = node("node-b", losing, history("chat:*"));
        Member onB = b.ready("bob");
        onB.connection().rooms().join("chat:lobby");
        b.awaitSubscriptions();
        b.connections.awaitHistory();
        a.connections.sendToRoom("chat:lobby", "n", Map.of("n", 1));
        a.connections.sendToRoom("chat:lobby", "n", Map.of("n", 2)); // lost on its way to B, and nothing follows it
        frames(onB, 2);
        losing.receiver.connectionChanged(false);
        losing.receiver.connectionChanged(true);
        List<JsonObject> got = frames(onB, 3);
        assertEquals(List.of(1, 2), numbers(got.subList(1, 3)));
    }

    @Test
    void aUsersStreamIsHeldUntilItsClientStatesItsPositionThenReplaysWhatItMissed() throws Exception {
        ClusterNode node = alone(GatehouseConfig.builder().historyUsers(true));
        Member before = node.ready("alice");
        node.connections.welcomed(before.connection());
        node.connections.stated(before.connection(), Map.of(), null, null);
        node.connections.sendToUser("alice", "dm", Map.of("n", 1));
        JsonObject one = frames(before, 2).get(1);
        assertEquals("alice", one.getString("user"));
        assertEquals(1, one.getJsonNumber("offset").longValue());
        before.connection().close(1000, "GONE");
        node.connections.sendToUser("alice", "dm", Map.of("n", 2));
        node.connections.sendToUser("alice", "dm", Map.of("n", 3));

        Member after = node.ready("alice");
        node.connections.welcomed(after.connection());
        node.connections.sendToUser("alice", "dm", Map.of("n", 4)); // held: the client has not said where it stands
        node.connections.awaitHistory();
        assertEquals(1, after.transport().texts().size(), "only the welcome before the client's recover");
        node.connections.stated(after.connection(), Map.of(), new Position(one.getString("epoch"), 1), before.id());
        List<JsonObject> got = frames(after, 5);
        assertEquals(List.of(2, 3, 4), numbers(got.stream().filter(f -> f.containsKey("offset")).toList()), got.toString());
        JsonObject event = got.get(eventIndex(got)).getJsonObject("data");
        assertEquals("alice", event.getString("user"));
        assertTrue(event.getBoolean("recovered"), event.toString());
    }

    @Test
    void aUsersStreamHeldForAClientThatNeverStatesItsPositionGoesOnAtTheTimeLimit() throws Exception {
        ClusterNode node = alone(GatehouseConfig.builder().historyUsers(true).historyTimeout(Duration.ofMillis(300)));
        Member alice = node.ready("alice");
        node.connections.welcomed(alice.connection());
        assertEquals(1, node.connections.sendToUser("alice", "dm", Map.of("n", 1)));
        List<JsonObject> got = frames(alice, 2);
        assertEquals(List.of(1), numbers(got.subList(1, 2)));
    }

    @Test
    void aStoreThatCameBackWithFewerEntriesUnderTheSameEpochMovesItsMembersBackAndTellsThem() throws Exception {
        InProcessCluster cluster = new InProcessCluster();
        java.util.concurrent.atomic.AtomicBoolean rewound = new java.util.concurrent.atomic.AtomicBoolean();
        ClusterNode a = node("node-a", cluster.node(), history("chat:*"));
        LosingBackplane rewinding = new LosingBackplane(cluster.node(), () -> false) {
            @Override
            public java.util.Optional<dev.gatehouse.spi.HistoryStore> historyStore() {
                dev.gatehouse.spi.HistoryStore real = super.historyStore().orElseThrow();
                return java.util.Optional.of(new dev.gatehouse.spi.HistoryStore() {
                    @Override
                    public CompletionStage<Position> append(String stream, String topic, String message, Limits limits) {
                        return real.append(stream, topic, message, limits);
                    }

                    @Override
                    public CompletionStage<Slice> read(String stream, long after, int max) {
                        // as Redis after a crash that lost its last second: two entries fewer, the same epoch
                        return real.read(stream, after, max).thenApply(s -> rewound.get()
                                ? new Slice(s.epoch(), s.top() - 2, List.of()) : s);
                    }
                });
            }
        };
        ClusterNode b = node("node-b", rewinding, history("chat:*"));
        Member onB = b.ready("bob");
        onB.connection().rooms().join("chat:lobby");
        b.awaitSubscriptions();
        b.connections.awaitHistory();
        for (int i = 1; i <= 5; i++) {
            a.connections.sendToRoom("chat:lobby", "n", Map.of("n", i));
        }
        frames(onB, 6);
        rewound.set(true);
        rewinding.receiver.connectionChanged(false);
        rewinding.receiver.connectionChanged(true);
        JsonObject event = frames(onB, 7).get(6).getJsonObject("data");
        assertFalse(event.getBoolean("recovered"), event.toString());
        assertEquals("epoch_changed", event.getString("reason"));
        assertEquals(3, event.getJsonNumber("offset").longValue(), "back to the store's position");
    }

    @Test
    void aBackplaneThatCannotHoldHistoryIsRefusedAtStartNamingTheProperty() {
        Backplane plain = new LosingBackplane(new InProcessCluster().node(), () -> false) {
            @Override
            public java.util.Optional<dev.gatehouse.spi.HistoryStore> historyStore() {
                return java.util.Optional.empty();
            }
        };
        Executable start = () -> node("node-a", plain, history("chat:*"));
        ConfigurationException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigurationException.class, start);
        assertTrue(e.getMessage().contains("gatehouse.history.rooms"), e.getMessage());
    }

    @Test
    void aBackplaneWithoutAPresenceStoreIsRefusedWithPresenceRoomsNamingTheProperty() {
        Backplane plain = new LosingBackplane(new InProcessCluster().node(), () -> false);
        Executable start = () -> node("node-a", plain, GatehouseConfig.builder().presenceRooms(List.of("chat:*")));
        ConfigurationException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigurationException.class, start);
        assertTrue(e.getMessage().contains("gatehouse.presence.rooms"), e.getMessage());
    }

    private void assertNotRecovered(GatehouseConfig.Builder config, int missed, String reason) throws Exception {
        ClusterNode node = alone(config);
        Member before = node.ready("alice");
        before.connection().rooms().join("chat:lobby");
        node.connections.sendToRoom("chat:lobby", "n", Map.of("n", 0));
        String epoch = frames(before, 2).get(1).getString("epoch");
        before.connection().close(1000, "GONE");
        for (int i = 1; i <= missed; i++) {
            node.connections.sendToRoom("chat:lobby", "n", Map.of("n", i));
        }
        Member after = node.ready("alice");
        node.connections.stated(after.connection(), Map.of("chat:lobby", new Position(epoch, 1)), null, null);
        after.connection().rooms().join("chat:lobby");
        node.connections.sendToRoom("chat:lobby", "n", Map.of("n", 99));
        List<JsonObject> got = frames(after, 3);
        JsonObject event = got.get(1).getJsonObject("data");
        assertEquals("room_recovery", event.getString("event"), "nothing replayed before the event: " + got);
        assertFalse(event.getBoolean("recovered"));
        assertEquals(reason, event.getString("reason"));
        assertEquals(0, event.getInt("replayed"));
        assertEquals(missed + 1, event.getJsonNumber("offset").longValue(), "the room's position now");
        assertEquals(List.of(99), numbers(got.subList(2, 3)));
    }

    /** Waits for at least {@code count} frames on the member and returns them parsed. */
    private static List<JsonObject> frames(Member m, int count) throws InterruptedException {
        m.transport().await(calls -> calls.stream().filter(c -> c.startsWith("text:")).count() >= count, WAIT);
        return m.transport().texts().stream().map(t -> Json.createReader(new StringReader(t)).readObject()).toList();
    }

    private static int eventIndex(List<JsonObject> frames) {
        for (int i = 0; i < frames.size(); i++) {
            if ("room_recovery".equals(frames.get(i).getJsonObject("data").getString("event", ""))) {
                return i;
            }
        }
        throw new AssertionError("no room_recovery in " + frames);
    }

    private static List<Integer> numbers(List<JsonObject> frames) {
        return frames.stream().map(f -> f.getJsonObject("data").getInt("n")).toList();
    }

    /** A real backplane that drops the positioned messages {@code lose} picks, as a pub/sub blip would. */
    private static class LosingBackplane implements Backplane {
        private final Backplane real;
        private final java.util.function.BooleanSupplier lose;
        volatile Receiver receiver;

        LosingBackplane(Backplane real, java.util.function.BooleanSupplier lose) {
            this.real = real;
            this.lose = lose;
        }

        @Override
        public void start(Receiver receiver) {
            this.receiver = receiver;
            real.start(new Receiver() {
                @Override
                public void receive(String topic, String message) {
                    receiver.receive(topic, message);
                }

                @Override
                public void receive(String topic, Position position, String message) {
                    if (!lose.getAsBoolean()) {
                        receiver.receive(topic, position, message);
                    }
                }
            });
        }

        @Override
        public CompletionStage<?> publish(String topic, String message) {
            return real.publish(topic, message);
        }

        @Override
        public void subscribe(String topic) {
            real.subscribe(topic);
        }

        @Override
        public void unsubscribe(String topic) {
            real.unsubscribe(topic);
        }

        @Override
        public java.util.Optional<dev.gatehouse.spi.HistoryStore> historyStore() {
            return real.historyStore();
        }

        @Override
        public void close() {
            real.close();
        }
    }
}
