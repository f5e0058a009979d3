package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.testkit.RecordingListener;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code Gatehouse.connections()} and {@code MessageContext.sendToOtherConnections} reach exactly the right clients. */
class ConnectionsRegistryIT {
    private static final Duration QUIET = Duration.ofMillis(200);
    private static final JsonObject NOTICE = Json.createObjectBuilder().add("text", "hello").build();

    private final RecordingListener lifecycle = new RecordingListener();
    private TestServer server;
    private TestClient alice1;
    private TestClient alice2;
    private TestClient bob;

    @BeforeEach
    void start() {
        server = TestServer.start(g -> g.listener(lifecycle).handler(FrameHandler.of("fanout", JsonObject.class,
                (d, ctx) -> ctx.reply("fanout.sent", Json.createObjectBuilder()
                        .add("count", ctx.sendToOtherConnections("fanout", d)).build()))));
        alice1 = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"));
        alice2 = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"));
        bob = TestClient.connectWelcomed(server.uri(), TestServer.token("bob"));
        lifecycle.assertEvents("bob", "CONNECTING->AUTHENTICATED", "AUTHENTICATED->OPEN", "OPEN->READY");
    }

    @AfterEach
    void stop() {
        alice1.close();
        alice2.close();
        bob.close();
        server.close();
    }

    @Test
    void sendToReachesOnlyThatConnection() {
        assertEquals(3, server.connections().count());
        assertEquals(true, server.connections().sendTo(alice2.connectionId(), "notice", NOTICE));
        assertNotice(alice2.next());
        alice1.assertNothingWithin(QUIET);
        bob.assertNothingWithin(QUIET);
    }

    @Test
    void sendToAnUnknownConnectionIsRefused() {
        assertFalse(server.connections().sendTo("ws_nope", "notice", NOTICE));
    }

    @Test
    void sendToUserReachesEveryConnectionOfThatUserOnly() {
        assertEquals(2, server.connections().sendToUser("alice", "notice", NOTICE));
        assertNotice(alice1.next());
        assertNotice(alice2.next());
        bob.assertNothingWithin(QUIET);
    }

    @Test
    void broadcastReachesEveryConnection() {
        assertEquals(3, server.connections().broadcast("notice", NOTICE));
        assertNotice(alice1.next());
        assertNotice(alice2.next());
        assertNotice(bob.next());
    }

    @Test
    void sendToOtherConnectionsReachesTheUsersOtherConnectionButNotTheSender() {
        alice1.send("fanout", "f1", Json.createObjectBuilder().add("text", "from alice1").build());
        JsonObject sent = alice1.next();
        assertEquals("fanout.sent", sent.getString("type"));
        assertEquals("f1", sent.getString("reply_to"));
        assertEquals(1, sent.getJsonObject("data").getInt("count"));
        JsonObject relayed = alice2.next();
        assertEquals("fanout", relayed.getString("type"));
        assertEquals("from alice1", relayed.getJsonObject("data").getString("text"));
        assertFalse(relayed.containsKey("reply_to"), "a relayed frame answers nothing of alice2's");
        alice1.assertNothingWithin(QUIET);
        bob.assertNothingWithin(QUIET);
    }

    @Test
    void closedConnectionLeavesTheRegistry() {
        String closed = bob.connectionId();
        bob.closeAndAwait();
        lifecycle.assertEvents(closed, "CONNECTING->AUTHENTICATED", "AUTHENTICATED->OPEN", "OPEN->READY",
                "READY->CLOSED", "closed 1000 bye");
        assertEquals(2, server.connections().sendToUser("alice", "notice", NOTICE));
        // By id: the JDK client may open a short-lived second connection for bob (see RecordingListener).
        assertFalse(server.connections().sendTo(closed, "notice", NOTICE));
        assertTrue(server.connections().byUser("bob").stream().noneMatch(c -> c.id().equals(closed)));
        assertTrue(server.connections().all().stream().noneMatch(c -> c.id().equals(closed)));
    }

    private static void assertNotice(JsonObject frame) {
        assertEquals("notice", frame.getString("type"), frame.toString());
        assertEquals("hello", frame.getJsonObject("data").getString("text"));
        assertFalse(frame.containsKey("reply_to"));
    }
}
