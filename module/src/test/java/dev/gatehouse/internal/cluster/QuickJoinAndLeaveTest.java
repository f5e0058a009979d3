package dev.gatehouse.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.PresenceCount;
import dev.gatehouse.PresenceMember;
import dev.gatehouse.internal.cluster.ClusterNode.Member;
import dev.gatehouse.spi.InProcessCluster;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A connection that joins a tracked room as its node's first member there and leaves at once (or
 * closes) is heard on the other nodes joining, then leaving, never the other way round, and leaves
 * no ghost in presence. The joining node's backplane takes a few milliseconds to subscribe, as a
 * broker's round trip does. Regression: the first member's {@code member_joined} waited on the
 * control thread behind the subscription while the {@code member_left} went out at once, so other
 * nodes heard the leave first and kept a ghost member.
 */
class QuickJoinAndLeaveTest {
    private static final String ROOM = "chat:quick";
    private static final int PAIRS = 40;

    private final InProcessCluster cluster = new InProcessCluster();
    private final GatehouseConfig config = GatehouseConfig.builder().presenceRooms(List.of("chat:*"))
            .clusterSecret(ClusterNode.SECRET).build();
    private final ClusterNode a = new ClusterNode("node-a", config,
            new HookedBackplane(cluster.node(), 5, (room, member) -> { }), null);
    private final ClusterNode b = new ClusterNode("node-b", config, cluster.node(), null);

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    @Test
    void quickJoinsAndLeavesAreHeardJoinedThenLeftAndLeaveNoGhost() throws Exception {
        Member watcher = watching();
        List<String> quick = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            Member m = a.ready("user" + i);
            quick.add(m.id());
            m.connection().rooms().join(ROOM);
            m.connection().rooms().leave(ROOM);
        }
        assertHeardJoinedThenLeft(watcher, quick);
    }

    @Test
    void quickJoinsThenClosesAreHeardJoinedThenLeftAndLeaveNoGhost() throws Exception {
        Member watcher = watching();
        List<String> quick = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            Member m = a.ready("user" + i);
            quick.add(m.id());
            m.connection().rooms().join(ROOM);
            m.connection().onClosed(1000, "");
        }
        assertHeardJoinedThenLeft(watcher, quick);
    }

    /** A member of the room on node B, which hears the events. */
    private Member watching() throws InterruptedException {
        Member watcher = b.ready("watcher");
        watcher.connection().rooms().join(ROOM);
        b.awaitSubscriptions();
        return watcher;
    }

    private void assertHeardJoinedThenLeft(Member watcher, List<String> quick) throws Exception {
        watcher.await(f -> f.size() == 1 + 2 * quick.size());
        a.awaitSubscriptions();
        b.connections.link().awaitDelivery();
        Map<String, List<String>> heard = new LinkedHashMap<>();
        for (String text : watcher.transport().texts()) {
            JsonObject data = Json.createReader(new StringReader(text)).readObject().getJsonObject("data");
            if (data.getString("event").startsWith("member_")) {
                heard.computeIfAbsent(data.getString("connection_id"), k -> new ArrayList<>()).add(data.getString("event"));
            }
        }
        List<String> outOfOrder = quick.stream()
                .filter(id -> !List.of("member_joined", "member_left").equals(heard.get(id))).toList();
        assertEquals(List.of(), outOfOrder, "heard: " + heard);
        assertEquals(quick.size(), heard.size(), "events of no one else: " + heard);
        List<PresenceMember> members = b.connections.presence().members(ROOM).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(List.of("watcher"), members.stream().map(PresenceMember::userId).toList(), "no ghost");
        assertEquals(new PresenceCount(1, 1), a.connections.presence().count(ROOM).toCompletableFuture().get(5, TimeUnit.SECONDS));
    }
}
