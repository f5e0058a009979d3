package dev.gatehouse.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.PresenceMember;
import dev.gatehouse.internal.cluster.ClusterNode.Member;
import dev.gatehouse.spi.InProcessCluster;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A connection's join and a leave of the same room, on two threads at once (the leave lands while
 * the join is telling the presence store): the connection ends outside the room on every count, the
 * members, the presence store and what the other nodes heard. The store's hook holds the join
 * until the leave is done. Regression: the join then added the member back to the store and
 * announced it after its {@code member_left}, a ghost everywhere.
 */
class JoinRacingALeaveTest {
    private static final String ROOM = "chat:race";

    private final CountDownLatch joinInStore = new CountDownLatch(1);
    private final CountDownLatch leaveDone = new CountDownLatch(1);
    private final InProcessCluster cluster = new InProcessCluster();
    private final GatehouseConfig config = GatehouseConfig.builder().presenceRooms(List.of("chat:*"))
            .clusterSecret(ClusterNode.SECRET).build();
    private final ClusterNode a = new ClusterNode("node-a", config, new HookedBackplane(cluster.node(), 0, (room, member) -> {
        if (member.userId().equals("racer")) {
            joinInStore.countDown();
            awaitIgnoringInterrupts(leaveDone);
        }
    }), null);
    private final ClusterNode b = new ClusterNode("node-b", config, cluster.node(), null);

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    @Test
    void aLeaveLandingWhileTheJoinTellsTheStoreLeavesNoGhost() throws Exception {
        Member watcher = b.ready("watcher");
        watcher.connection().rooms().join(ROOM);
        b.awaitSubscriptions();
        Member racer = a.ready("racer");
        Thread joiner = new Thread(() -> racer.connection().rooms().join(ROOM), "joiner");
        joiner.start();
        awaitIgnoringInterrupts(joinInStore);
        assertTrue(racer.connection().rooms().leave(ROOM), "the join had recorded the membership");
        leaveDone.countDown();
        joiner.join(TimeUnit.SECONDS.toMillis(5));
        assertFalse(joiner.isAlive());
        a.awaitSubscriptions();
        b.connections.link().awaitDelivery();

        assertFalse(racer.connection().rooms().names().contains(ROOM), "not in its rooms");
        assertTrue(a.connections.inRoom(ROOM).isEmpty(), "not among node A's members");
        List<PresenceMember> members = b.connections.presence().members(ROOM).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(List.of("watcher"), members.stream().map(PresenceMember::userId).toList(), "no ghost in presence");
        List<String> heard = heard(watcher, racer.id());
        assertNotEquals("member_joined", heard.isEmpty() ? "" : heard.get(heard.size() - 1),
                "the other node's last word on the racer is not that it joined: " + heard);
    }

    /** The presence events the member heard about one connection, in order. */
    private static List<String> heard(Member member, String connectionId) {
        List<String> heard = new ArrayList<>();
        for (String text : member.transport().texts()) {
            JsonObject data = Json.createReader(new StringReader(text)).readObject().getJsonObject("data");
            if (data.getString("event").startsWith("member_") && data.getString("connection_id").equals(connectionId)) {
                heard.add(data.getString("event"));
            }
        }
        return heard;
    }

    private static void awaitIgnoringInterrupts(CountDownLatch latch) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (latch.getCount() > 0 && System.nanoTime() < deadline) {
            try {
                latch.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                // keep waiting: the bound is the deadline
            }
        }
    }
}
