package dev.gatehouse.testkit.cluster;

import static dev.gatehouse.testkit.cluster.ClusterNodes.await;
import static dev.gatehouse.testkit.cluster.ClusterNodes.json;
import static dev.gatehouse.testkit.cluster.ClusterNodes.pause;
import static dev.gatehouse.testkit.cluster.Inbox.isEvent;
import static dev.gatehouse.testkit.cluster.Inbox.nextOfType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ClusterStatus;
import dev.gatehouse.ConfigurationException;
import dev.gatehouse.Connections;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.PresenceCount;
import dev.gatehouse.PresenceMember;
import dev.gatehouse.Revocations;
import dev.gatehouse.testkit.LogCapture;
import dev.gatehouse.testkit.RawUpgrade;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import dev.gatehouse.testkit.TestTokens;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What every backplane promises the application, run against each engine by a subclass that gives
 * its {@link Engine}: three nodes (A and B in this JVM, C in a JVM of its own, killed in the last
 * test) on one real engine. Sends to a room, a user, a connection and everyone reach every node
 * once; one node's frames to a room arrive in order, exactly once; a revocation made on one node
 * (a cut-off, or a token without {@code jti} by its hash) closes the connections it concerns on
 * every node and is checked at every node's upgrades, and a
 * node started later reads it from the backplane's store where it has one;
 * {@code disconnectUser} closes the user everywhere; presence spans the nodes and a killed node's members vanish within the node
 * TTL; history recovers a client on another node; the engine stopped mid-stream pauses only
 * cross-node delivery, which resumes by itself, in order, never twice, and where history is kept
 * a connected client misses nothing without a {@code room_recovery} saying so. An engine without a
 * presence or history store is refused at startup when either is configured, naming the property.
 *
 * <p>Each run prints one line per measurement ({@code <ENGINE>-OUTAGE}, {@code <ENGINE>-PRESENCE})
 * for the README's table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class BackplaneBehaviour {
    /** Patience for what crosses nodes. */
    protected static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration NODE_TTL = Duration.ofSeconds(3);
    private static final String PRESENCE_ROOMS = "chat:*";
    private static final String HISTORY_ROOMS = "log:*";

    private Engine engine;
    private GatehouseServer a;
    private GatehouseServer b;
    private ForkedNode c;
    private final List<TestClient> clients = new ArrayList<>();

    /** {@return the engine, started; called once, before the nodes} */
    protected abstract Engine startEngine() throws Exception;

    /** {@return a node's settings: the engine's, and what this suite needs} */
    protected final Map<String, String> settings(String nodeId) {
        Map<String, String> s = new HashMap<>(engine.nodeSettings(nodeId));
        s.put("gatehouse.jwt.secret", TestServer.SECRET);
        s.put("gatehouse.cluster.secret", TestServer.CLUSTER_SECRET);
        s.put("gatehouse.cluster.node-id", nodeId);
        s.put("gatehouse.cluster.node-ttl", NODE_TTL.toSeconds() + "s");
        if (engine.keepsPresence()) {
            s.put("gatehouse.presence.rooms", PRESENCE_ROOMS);
        }
        if (engine.keepsHistory()) {
            s.put("gatehouse.history.rooms", HISTORY_ROOMS);
            s.put("gatehouse.history.timeout", "5s"); // a busy machine: no "unavailable" from a slow read
        }
        return s;
    }

    /** {@return node A, in this JVM, for an engine's own tests} */
    protected final GatehouseServer nodeA() {
        return a;
    }

    /** {@return node B, in this JVM, for an engine's own tests} */
    protected final GatehouseServer nodeB() {
        return b;
    }

    @BeforeAll
    final void startCluster() throws Exception {
        engine = startEngine();
        c = ForkedNode.start(settings("node-c")); // forks first: its JVM starts meanwhile
        a = ClusterNodes.start(settings("node-a"));
        b = ClusterNodes.start(settings("node-b"));
        await("A and B connected", WAIT, () -> connected(a) && connected(b));
    }

    @AfterAll
    final void stopCluster() throws Exception {
        try {
            stop(a);
            stop(b);
            if (c != null) {
                c.close();
            }
        } finally {
            if (engine != null) {
                engine.close();
            }
        }
    }

    private static void stop(GatehouseServer node) {
        if (node != null) {
            node.stop();
        }
    }

    @AfterEach
    final void closeClients() {
        clients.forEach(TestClient::close);
        clients.clear();
    }

    private static boolean connected(GatehouseServer node) {
        return node.gatehouse().clusterStatus().connected();
    }

    private TestClient connect(URI uri, String user) {
        return track(TestClient.connectWelcomed(uri, TestServer.token(user)));
    }

    private static void join(TestClient client, String room) {
        client.send("room.join", "j-" + room, json("room", room));
        nextOfType(client, "room.joined", WAIT);
    }

    /** Sends probes from {@code sender} to a room until every member got one: their nodes subscribe the room. */
    private static void awaitRoute(Connections sender, String room, TestClient... members) {
        Set<TestClient> waiting = new HashSet<>(List.of(members));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!waiting.isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "room " + room + " not routed to every member within " + WAIT);
            sender.sendToRoom(room, "probe", Map.of());
            for (TestClient m : List.copyOf(waiting)) {
                JsonObject f = Inbox.poll(m, Duration.ofMillis(50));
                if (f != null && "probe".equals(f.getString("type"))) {
                    waiting.remove(m);
                }
            }
        }
    }

    @Test
    @Order(1)
    void eachNodeNamesTheEngine() {
        for (GatehouseServer node : List.of(a, b)) {
            ClusterStatus status = node.gatehouse().clusterStatus();
            assertEquals(engine.name(), status.engine());
            assertFalse(status.topology().isBlank(), "no topology: " + status);
        }
    }

    @Test
    @Order(1)
    void aNodeStoppedNormallyLogsNoWarning() {
        GatehouseServer node = ClusterNodes.start(settings("node-q"));
        try (LogCapture logs = LogCapture.of("dev.gatehouse")) {
            try {
                await("node-q connected", WAIT, () -> connected(node));
            } finally {
                node.stop();
            }
            assertEquals(List.of(), logs.matching(r -> r.getLevel().intValue() >= Level.WARNING.intValue()).stream()
                    .map(LogCapture::describe).toList());
        }
    }

    @Test
    @Order(2)
    void sendsToAUserAConnectionAndEveryoneReachEveryNodeOnceEach() {
        TestClient aliceOnA = connect(a.uri(), "alice");
        TestClient aliceOnB = connect(b.uri(), "alice");
        TestClient carolOnC = connect(c.uri(), "carol");

        carolOnC.send("user.send", null, json("user", "alice", "text", "hi"));
        for (TestClient alice : List.of(aliceOnA, aliceOnB)) {
            assertEquals("hi", nextOfType(alice, "user.msg", WAIT).getJsonObject("data").getString("text"));
        }

        carolOnC.send("conn.send", null, json("connection", aliceOnB.connectionId(), "text", "only you"));
        assertEquals("only you", nextOfType(aliceOnB, "conn.msg", WAIT).getJsonObject("data").getString("text"));

        aliceOnA.send("all.send", null, json("text", "everyone"));
        for (TestClient each : List.of(aliceOnA, aliceOnB, carolOnC)) {
            assertEquals("everyone", nextOfType(each, "all.msg", WAIT).getJsonObject("data").getString("text"));
        }

        aliceOnA.assertNothingWithin(Duration.ofMillis(300)); // no second copy of anything
        aliceOnB.assertNothingWithin(Duration.ofMillis(100));
        carolOnC.assertNothingWithin(Duration.ofMillis(100));
    }

    @Test
    @Order(3)
    void aThousandRoomFramesFromOneNodeReachTheMembersOnTheOtherTwoExactlyOnceInOrder() {
        TestClient onB = connect(b.uri(), "bea");
        TestClient onC = connect(c.uri(), "cid");
        join(onB, "r:order");
        join(onC, "r:order");
        Connections fromA = a.gatehouse().connections();
        awaitRoute(fromA, "r:order", onB, onC);

        for (int n = 0; n < 1000; n++) {
            fromA.sendToRoom("r:order", "room.msg", Map.of("n", n));
        }
        for (TestClient member : List.of(onB, onC)) {
            for (int n = 0; n < 1000; n++) {
                assertEquals(n, nextOfType(member, "room.msg", WAIT).getJsonObject("data").getInt("n"));
            }
            assertEquals(List.of(), Inbox.drain(member, "room.msg", Duration.ofMillis(300)), "duplicates");
        }
    }

    @Test
    @Order(4)
    void disconnectUserClosesTheUsersConnectionsOnEveryNodeWithTheCodeAndReason() {
        TestClient onA = connect(a.uri(), "dave");
        TestClient onB = connect(b.uri(), "dave");
        TestClient onC = connect(c.uri(), "dave");
        TestClient other = connect(c.uri(), "erin");

        onC.send("user.disconnect", null, json("user", "dave", "code", 4001, "reason", "BANNED"));

        onA.assertClosed(4001, "BANNED");
        onB.assertClosed(4001, "BANNED");
        onC.assertClosed(4001, "BANNED");
        other.assertOpen();
    }

    @Test
    @Order(4)
    void aCutOffMadeOnOneNodeClosesTheUsersConnectionsEverywhereAndOnlyATokenIssuedAfterItIsAccepted() {
        String old = TestServer.token("gail");
        List<TestClient> gails = new ArrayList<>();
        for (URI uri : List.of(a.uri(), b.uri(), c.uri())) {
            gails.add(track(TestClient.connectWelcomed(uri, old)));
        }
        TestClient other = connect(c.uri(), "hal");
        Instant cutoff = Instant.now();

        assertEquals(1, a.gatehouse().revocations().revokeIssuedBefore("gail", cutoff));

        for (TestClient gail : gails) {
            gail.nextError("TOKEN_REVOKED");
            gail.assertClosed(1008, "TOKEN_REVOKED");
        }
        other.assertOpen();
        // iat has whole seconds: a token issued in the cut-off's second counts as issued before it
        String fresh = TestTokens.hs256(TestServer.SECRET).subject("gail").expiresIn(Duration.ofHours(1))
                .claim("iat", cutoff.getEpochSecond() + 1).compact();
        for (URI uri : List.of(a.uri(), b.uri(), c.uri())) {
            RawUpgrade.Response refused = RawUpgrade.send(uri, Map.of("Authorization", "Bearer " + old));
            assertEquals(401, refused.status(), refused.raw());
            assertTrue(refused.body().contains("\"TOKEN_REVOKED\""), refused.raw());
            track(TestClient.connectWelcomed(uri, fresh)).assertOpen();
        }
    }

    @Test
    @Order(4)
    void aTokenWithoutJtiRevokedByItsHashOnOneNodeClosesItsConnectionsEverywhereAndIsRefusedEverywhere() {
        String revoked = TestServer.token("jack"); // no jti: known by its hash alone
        List<TestClient> held = new ArrayList<>();
        for (URI uri : List.of(a.uri(), b.uri(), c.uri())) {
            held.add(track(TestClient.connectWelcomed(uri, revoked)));
        }
        TestClient otherToken = track(TestClient.connectWelcomed(c.uri(), TestServer.token("jack", Map.of("n", 2))));

        assertEquals(1, b.gatehouse().revocations().revokeToken(Revocations.tokenHash(revoked),
                Instant.now().plus(Duration.ofHours(1))));

        for (TestClient client : held) {
            client.nextError("TOKEN_REVOKED");
            client.assertClosed(1008, "TOKEN_REVOKED");
        }
        otherToken.assertOpen();
        for (URI uri : List.of(a.uri(), b.uri(), c.uri())) {
            RawUpgrade.Response refused = RawUpgrade.send(uri, Map.of("Authorization", "Bearer " + revoked));
            assertEquals(401, refused.status(), refused.raw());
            assertTrue(refused.body().contains("\"TOKEN_REVOKED\""), refused.raw());
        }
    }

    @Test
    @Order(4)
    void aNodeStartedAfterARevocationReadsItFromTheBackplanesStoreWhereThereIsOne() {
        String ivy = TestServer.token("ivy");
        Instant shortLived = Instant.now().plusMillis(300);
        a.gatehouse().revocations().revokeUser("ivy", Instant.now().plus(Duration.ofHours(1)));
        a.gatehouse().revocations().revokeUser("quinn", shortLived);
        await("the short revocation to expire", WAIT, () -> Instant.now().isAfter(shortLived));

        GatehouseServer d = ClusterNodes.start(settings("node-d"));
        try {
            if (engine.keepsRevocations()) {
                RawUpgrade.Response refused = RawUpgrade.send(d.uri(), Map.of("Authorization", "Bearer " + ivy));
                assertEquals(401, refused.status(), "read before the first connection: " + refused.raw());
            } else {
                track(TestClient.connectWelcomed(d.uri(), ivy)).assertOpen(); // nothing keeps it (README)
            }
            track(TestClient.connectWelcomed(d.uri(), TestServer.token("quinn"))).assertOpen();
        } finally {
            closeClients();
            d.stop();
        }
    }

    private TestClient track(TestClient client) {
        clients.add(client);
        return client;
    }

    @Test
    @Order(5)
    void presenceSpansTheNodesOrANodeWithPresenceRoomsIsRefused() {
        if (!engine.keepsPresence()) {
            Map<String, String> s = settings("node-p");
            s.put("gatehouse.presence.rooms", PRESENCE_ROOMS);
            ConfigurationException refused = assertThrows(ConfigurationException.class, () -> stop(ClusterNodes.start(s)));
            assertTrue(refused.getMessage().contains("gatehouse.presence.rooms"), refused.getMessage());
            return;
        }
        TestClient patOnA = connect(a.uri(), "pat");
        join(patOnA, "chat:lobby");
        TestClient quinnOnC = connect(c.uri(), "quinn");
        join(quinnOnC, "chat:lobby");
        awaitRoute(a.gatehouse().connections(), "chat:lobby", quinnOnC);
        awaitRoute(b.gatehouse().connections(), "chat:lobby", patOnA);
        TestClient patOnB = connect(b.uri(), "pat");
        join(patOnB, "chat:lobby");
        for (TestClient member : List.of(patOnA, quinnOnC)) { // member_joined crosses nodes
            Inbox.until(member, f -> isEvent(f, "member_joined")
                    && patOnB.connectionId().equals(f.getJsonObject("data").getString("connection_id")), WAIT);
        }

        await("three members on three nodes", WAIT, () -> members(a, "chat:lobby").size() == 3);
        List<PresenceMember> members = members(a, "chat:lobby");
        assertEquals(Set.of("node-a", "node-b", "node-c"), Set.copyOf(members.stream().map(PresenceMember::nodeId).toList()));
        assertEquals(Set.of(patOnA.connectionId(), patOnB.connectionId(), quinnOnC.connectionId()),
                Set.copyOf(members.stream().map(PresenceMember::connectionId).toList()));
        assertEquals(new PresenceCount(3, 2), count(b, "chat:lobby"));
        quinnOnC.send("presence.count", "pc", json("room", "chat:lobby"));
        JsonObject countOnC = nextOfType(quinnOnC, "presence.count", WAIT).getJsonObject("data");
        assertEquals(3, countOnC.getInt("connections"));
        assertEquals(2, countOnC.getInt("users"));

        patOnB.send("room.leave", "l", json("room", "chat:lobby")); // member_left crosses nodes too
        Inbox.until(patOnA, f -> isEvent(f, "member_left")
                && patOnB.connectionId().equals(f.getJsonObject("data").getString("connection_id")), WAIT);
        await("two members after the leave", WAIT, () -> count(a, "chat:lobby").connections() == 2);
    }

    @Test
    @Order(5)
    void aMemberIsInItsNodesPresenceAnswerAsSoonAsItHasJoined() {
        if (!engine.keepsPresence()) {
            return; // refused at startup, as the test above shows
        }
        TestClient robin = connect(a.uri(), "robin");
        for (int i = 0; i < 20; i++) { // the count asked in the frame right after the join, not awaited
            String room = "chat:self-" + i;
            robin.send("room.join", "j", json("room", room));
            robin.send("presence.count", "c", json("room", room));
            JsonObject count = nextOfType(robin, "presence.count", WAIT).getJsonObject("data");
            assertEquals(1, count.getInt("connections"), room + ": " + count);
            List<PresenceMember> members = members(a, room);
            assertEquals(List.of(robin.connectionId()), members.stream().map(PresenceMember::connectionId).toList(), room);
            robin.send("room.leave", "l", json("room", room));
            robin.send("presence.count", "c", json("room", room));
            count = nextOfType(robin, "presence.count", WAIT).getJsonObject("data");
            assertEquals(0, count.getInt("connections"), room + " after the leave: " + count);
        }
    }

    @Test
    @Order(6)
    void aClientBackOnAnotherNodeRecoversWhatItMissedOrANodeWithHistoryRoomsIsRefused() {
        if (!engine.keepsHistory()) {
            Map<String, String> s = settings("node-h");
            s.put("gatehouse.history.rooms", HISTORY_ROOMS);
            ConfigurationException refused = assertThrows(ConfigurationException.class, () -> stop(ClusterNodes.start(s)));
            assertTrue(refused.getMessage().contains("gatehouse.history.rooms"), refused.getMessage());
            return;
        }
        String room = "log:recover";
        Connections fromA = a.gatehouse().connections();
        Frames before = new Frames();
        String previous;
        TestClient first = connect(b.uri(), "rob");
        join(first, room);
        awaitRoute(fromA, room, first);
        for (int n = 1; n <= 5; n++) {
            fromA.sendToRoom(room, "room.msg", Map.of("n", n));
        }
        before.until(first, 5);
        previous = first.connectionId();
        first.close();
        for (int n = 6; n <= 8; n++) {
            fromA.sendToRoom(room, "room.msg", Map.of("n", n));
        }
        JsonObject last = before.last();

        TestClient back = connect(c.uri(), "rob");
        back.send("recover", null, Json.createObjectBuilder()
                .add("rooms", Json.createObjectBuilder().add(room, Json.createObjectBuilder()
                        .add("epoch", last.getString("epoch")).add("offset", last.getJsonNumber("offset").longValue())))
                .add("previous_connection_id", previous).build());
        back.send("room.join", "j-" + room, json("room", room)); // the replay may come before room.joined: not waited for
        Frames after = new Frames();
        JsonObject event = after.untilRecovery(back);
        assertTrue(event.getBoolean("recovered"), event.toString());
        assertEquals(3, event.getInt("replayed"));
        assertEquals(List.of(6, 7, 8), after.numbers());
        awaitRoute(fromA, room, back);
        fromA.sendToRoom(room, "room.msg", Map.of("n", 9));
        after.until(back, 9);
        JsonObject nine = after.last();
        assertEquals(last.getString("epoch"), nine.getString("epoch"));
        assertEquals(last.getJsonNumber("offset").longValue() + 4 + 1, nine.getJsonNumber("offset").longValue(),
                "offsets 6, 7, 8, a probe, then 9");
    }

    @Test
    @Order(7)
    void theEngineStoppedMidStreamPausesOnlyCrossNodeDeliveryWhichResumesInOrderWithoutDuplicates()
            throws Exception {
        boolean history = engine.keepsHistory();
        String room = history ? "log:stream" : "r:stream";
        TestClient onA = connect(a.uri(), "ann");
        TestClient onB = connect(b.uri(), "ben");
        join(onA, room);
        join(onB, room);
        Connections fromA = a.gatehouse().connections();
        awaitRoute(fromA, room, onB);
        TestClient tracked = connect(a.uri(), "hal");
        if (engine.keepsPresence()) {
            join(tracked, "chat:heal");
            await("presence of chat:heal", WAIT, () -> count(a, "chat:heal").connections() == 1);
        }
        ClusterStatus before = a.gatehouse().clusterStatus();
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };

        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicBoolean sawDisconnected = new AtomicBoolean();
        AtomicInteger sent = new AtomicInteger();
        long[] slowestSend = new long[1];
        Thread sender = new Thread(() -> {
            for (int n = 0; sending.get(); n++) {
                long t = System.nanoTime();
                fromA.sendToRoom(room, "room.msg", Map.of("n", n));
                slowestSend[0] = Math.max(slowestSend[0], System.nanoTime() - t);
                sent.set(n + 1);
                if (!connected(a)) {
                    sawDisconnected.set(true);
                }
                pause(10);
            }
        }, "stream-sender");
        Receipts local = new Receipts(onA);
        Receipts remote = new Receipts(onB);
        long stoppedAt;
        long startedAt;
        Duration presenceBack = Duration.ZERO;
        Logger.getLogger("").addHandler(capture);
        try {
            local.start();
            remote.start();
            sender.start();
            pause(1500);
            stoppedAt = System.nanoTime();
            engine.stop();
            pause(2500);
            engine.start();
            startedAt = System.nanoTime();
            await("cross-node delivery after the engine came back", Duration.ofSeconds(30),
                    () -> remote.lastAt() > startedAt);
            if (engine.keepsPresence()) { // an engine that came back empty has it written again
                presenceBack = await("presence after the engine came back", WAIT, () -> {
                    try {
                        return count(a, "chat:heal").connections() == 1;
                    } catch (RuntimeException notYet) {
                        return false;
                    }
                });
            }
            pause(1500);
            sending.set(false);
            sender.join();
            pause(500);
        } finally {
            sending.set(false);
            Logger.getLogger("").removeHandler(capture);
            local.stop();
            remote.stop();
        }

        int total = sent.get();
        List<Integer> remoteNumbers = remote.numbers();
        for (int i = 1; i < remoteNumbers.size(); i++) {
            assertTrue(remoteNumbers.get(i) > remoteNumbers.get(i - 1),
                    "duplicate or out of order at " + i + ": " + remoteNumbers);
        }
        assertTrue(TimeUnit.NANOSECONDS.toMillis(slowestSend[0]) < 200,
                "a send blocked " + TimeUnit.NANOSECONDS.toMillis(slowestSend[0]) + " ms");
        if (history) {
            // Delivered once the history holds it, on every node: what a client missed is said.
            local.assertNoSilentGap();
            remote.assertNoSilentGap();
        } else {
            assertEquals(range(total), local.numbers(), "local delivery lost or reordered frames");
            assertTrue(local.maxGapMillis() < 1000, "local delivery paused " + local.maxGapMillis() + " ms");
        }
        assertTrue(sawDisconnected.get(), "ClusterStatus.connected never went false");
        await("connected again", WAIT, () -> connected(a) && connected(b));
        ClusterStatus after = a.gatehouse().clusterStatus();
        long resumedMs = TimeUnit.NANOSECONDS.toMillis(remote.firstAfter(startedAt) - startedAt);
        long outageWarnings = warnings.stream().filter(r -> String.valueOf(r.getMessage()).contains("cross-node delivery stopped")
                && r.getParameters() != null && "node-a".equals(String.valueOf(r.getParameters()[0]))).count();
        assertEquals(1, outageWarnings, "node A's warnings about the outage: "
                + warnings.stream().map(r -> r.getLoggerName() + ": " + r.getMessage()).toList());
        System.out.printf("%s-OUTAGE: %s; sent %d (every 10 ms), engine away %d ms; cross-node: %d received, %d"
                + " lost, 0 duplicates, longest pause %d ms, first delivery %d ms after the engine was back;"
                + " local: %d received; unpublished %d; room_recovery events %d (local) %d (remote); presence"
                + " back %d ms after; WARNING+ records %d%n",
                engine.name().toUpperCase(), getClass().getSimpleName(), total,
                TimeUnit.NANOSECONDS.toMillis(startedAt - stoppedAt), remoteNumbers.size(),
                total - remoteNumbers.size(), remote.maxGapMillis(), resumedMs, local.numbers().size(),
                after.unpublished() - before.unpublished(), local.recoveries(), remote.recoveries(),
                presenceBack.toMillis(), warnings.size());
    }

    @Test
    @Order(8)
    void aKilledNodesMembersVanishFromPresenceWithinTheNodeTtl() throws Exception {
        TestClient onA = connect(a.uri(), "pia");
        TestClient onC = connect(c.uri(), "quo");
        String room = engine.keepsPresence() ? "chat:ttl" : "r:ttl";
        join(onA, room);
        join(onC, room);
        if (engine.keepsPresence()) {
            await("two members", WAIT, () -> count(a, room).connections() == 2);
        }
        long killed = System.nanoTime();
        c.kill();
        if (engine.keepsPresence()) {
            Duration vanished = await("the killed node's member gone", NODE_TTL.plusSeconds(5),
                    () -> count(a, room).equals(new PresenceCount(1, 1)));
            assertTrue(vanished.compareTo(NODE_TTL.plusMillis(1000)) <= 0, "vanished after " + vanished);
            assertEquals(List.of(onA.connectionId()),
                    members(b, room).stream().map(PresenceMember::connectionId).toList());
            System.out.printf("%s-PRESENCE: %s; a killed node's member vanished %d ms after the kill (TTL %d s)%n",
                    engine.name().toUpperCase(), getClass().getSimpleName(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed), NODE_TTL.toSeconds());
        }
        // The others go on without it.
        TestClient onB = connect(b.uri(), "rue");
        join(onB, room);
        awaitRoute(a.gatehouse().connections(), room, onB);
    }

    private static PresenceCount count(GatehouseServer node, String room) {
        return node.gatehouse().connections().presence().count(room).toCompletableFuture().join();
    }

    private static List<PresenceMember> members(GatehouseServer node, String room) {
        return node.gatehouse().connections().presence().members(room).toCompletableFuture().join();
    }

    private static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    /** A client's numbered {@code room.msg} frames and {@code room_recovery} events, read in the test's thread. */
    private static final class Frames {
        private final List<JsonObject> frames = new ArrayList<>();

        /** Reads until the frame numbered {@code n}. */
        void until(TestClient client, int n) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (frames.isEmpty() || frames.get(frames.size() - 1).getJsonObject("data").getInt("n") != n) {
                assertTrue(System.nanoTime() < deadline, "no frame " + n + "; got " + numbers());
                JsonObject f = Inbox.poll(client, Duration.ofMillis(100));
                if (f != null && "room.msg".equals(f.getString("type"))) {
                    frames.add(f);
                }
            }
        }

        /** Reads until a {@code room_recovery} event, which it returns. */
        JsonObject untilRecovery(TestClient client) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                assertTrue(System.nanoTime() < deadline, "no room_recovery; got " + numbers());
                JsonObject f = Inbox.poll(client, Duration.ofMillis(100));
                if (f != null && isEvent(f, "room_recovery")) {
                    return f.getJsonObject("data");
                }
                if (f != null && "room.msg".equals(f.getString("type"))) {
                    frames.add(f);
                }
            }
        }

        JsonObject last() {
            return frames.get(frames.size() - 1);
        }

        List<Integer> numbers() {
            return frames.stream().map(f -> f.getJsonObject("data").getInt("n")).toList();
        }
    }

    /** Reads a client's {@code room.msg} frames and {@code room_recovery} events, and when they came, on a thread of its own. */
    private static final class Receipts {
        private final TestClient client;
        private final List<JsonObject> frames = new ArrayList<>();
        private final List<Long> times = new ArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Receipts(TestClient client) {
            this.client = client;
            this.thread = new Thread(this::run, "receipts");
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(5000);
        }

        private void run() {
            while (running.get()) {
                JsonObject f = Inbox.poll(client, Duration.ofMillis(100));
                boolean frame = f != null && "room.msg".equals(f.getString("type"));
                if (frame || f != null && isEvent(f, "room_recovery")) {
                    long t = System.nanoTime();
                    synchronized (this) {
                        frames.add(f);
                        if (frame) {
                            times.add(t);
                        }
                    }
                }
            }
        }

        synchronized List<Integer> numbers() {
            return frames.stream().filter(f -> f.containsKey("data") && f.getJsonObject("data").containsKey("n"))
                    .map(f -> f.getJsonObject("data").getInt("n")).toList();
        }

        synchronized long recoveries() {
            return frames.stream().filter(f -> isEvent(f, "room_recovery")).count();
        }

        /**
         * Within an epoch, each frame's offset is one more than the last; a frame whose position
         * does not follow comes after a {@code room_recovery} event that said so.
         */
        synchronized void assertNoSilentGap() {
            String epoch = null;
            long offset = 0;
            boolean told = false;
            for (JsonObject f : frames) {
                if (isEvent(f, "room_recovery")) {
                    told = true;
                    continue;
                }
                String e = f.getString("epoch");
                long o = f.getJsonNumber("offset").longValue();
                boolean follows = epoch == null || e.equals(epoch) && o == offset + 1;
                assertTrue(follows || told, "frame " + f + " after " + epoch + "/" + offset + " without a room_recovery");
                epoch = e;
                offset = o;
                told = false;
            }
        }

        synchronized long lastAt() {
            return times.isEmpty() ? 0 : times.get(times.size() - 1);
        }

        synchronized long firstAfter(long t) {
            return times.stream().filter(x -> x > t).findFirst().orElseThrow();
        }

        synchronized long maxGapMillis() {
            long max = 0;
            for (int i = 1; i < times.size(); i++) {
                max = Math.max(max, times.get(i) - times.get(i - 1));
            }
            return TimeUnit.NANOSECONDS.toMillis(max);
        }
    }
}
