package dev.gatehouse.redis;

import static dev.gatehouse.testkit.cluster.Inbox.nextOfType;
import static dev.gatehouse.testkit.cluster.ClusterNodes.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.testkit.cluster.ClusterNodes;
import dev.gatehouse.testkit.cluster.Inbox;
import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import dev.gatehouse.Gatehouse;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.testkit.LogCapture;
import dev.gatehouse.testkit.RawUpgrade;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Startup: a node whose Redis is not there yet starts anyway (at once), reports not connected, refuses
 * handshakes with 503 until {@code gatehouse.ready.timeout} passed without the revocations Redis
 * keeps (readiness DOWN meanwhile), then admits them, and joins
 * the cluster by itself when Redis appears, with the rooms it was asked for meanwhile; Redis
 * refusing the credentials fails the start, naming the URI property and never showing the
 * password, in the exception or in any log record.
 */
class RedisStartupIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(3);

    /** A node's settings, with a ready timeout short enough to wait for. */
    private static Map<String, String> settings(RedisServer redis, String node) {
        Map<String, String> s = Nodes.settings(redis.uri(), node);
        s.put("gatehouse.ready.timeout", READY_TIMEOUT.toSeconds() + "s");
        return s;
    }

    @Test
    void aNodeStartsAtOnceWithoutRedisRefusesHandshakesUntilTheReadyTimeoutAndJoinsTheClusterWhenRedisAppears() throws Exception {
        RedisServer redis = RedisServer.notStarted();
        List<AutoCloseable> open = new ArrayList<>();
        LogCapture handshakeLog = LogCapture.of("dev.gatehouse.handshake");
        open.add(handshakeLog);
        try {
            long startAt = System.nanoTime();
            GatehouseServer a = ClusterNodes.startNow(settings(redis, "late-a"), null);
            open.add(a::stop);
            GatehouseServer b = ClusterNodes.startNow(settings(redis, "late-b"), null);
            open.add(b::stop);
            long startedMs = (System.nanoTime() - startAt) / 1_000_000;
            assertTrue(startedMs < READY_TIMEOUT.toMillis(), "start() waited for Redis: " + startedMs + " ms");
            assertFalse(a.gatehouse().clusterStatus().connected(), "connected without Redis");
            // Until it read the revocations Redis keeps, or gatehouse.ready.timeout passed, B admits nobody.
            RawUpgrade.Response early = RawUpgrade.send(b.uri(), Map.of("Authorization", "Bearer " + TestServer.token("lee")));
            assertEquals(503, early.status(), early.raw());
            assertTrue(early.body().contains("\"SERVICE_UNAVAILABLE\""), early.raw());
            assertTrue(ClusterNodes.health(b).contains("\"gatehouse-revocations\",\"status\":\"DOWN\""),
                    ClusterNodes.health(b));
            ClusterNodes.await("B to stop waiting for the revocations", WAIT,
                    () -> ClusterNodes.health(b).contains("\"gatehouse-revocations\",\"status\":\"UP\""));
            ClusterNodes.await("A to stop waiting too", WAIT,
                    () -> ClusterNodes.health(a).contains("\"gatehouse-revocations\",\"status\":\"UP\""));
            assertEquals(2, handshakeLog.matching(r -> r.getLevel() == java.util.logging.Level.WARNING
                    && r.getMessage().contains("not known yet")).size(), "one WARNING a node");
            TestClient onB = TestClient.connectWelcomed(b.uri(), TestServer.token("lee"));
            open.add(onB);
            onB.send("room.join", "j", json("room", "r:late"));
            nextOfType(onB, "room.joined", WAIT);
            a.gatehouse().connections().sendToRoom("r:late", "room.msg", Map.of("n", -1));
            ClusterNodes.pause(300);
            assertTrue(a.gatehouse().clusterStatus().unpublished() >= 1, "a send without Redis is counted unpublished");
            assertFalse(a.gatehouse().clusterStatus().connected());

            redis.restart();
            long upAt = System.nanoTime();
            open.add(redis);
            Duration connected = ClusterNodes.await("both nodes connected once Redis is up", WAIT,
                    () -> a.gatehouse().clusterStatus().connected() && b.gatehouse().clusterStatus().connected());
            // The room B was asked for while Redis was away is subscribed now: A's sends reach B's member.
            long routedAt;
            int n = 0;
            while (true) {
                a.gatehouse().connections().sendToRoom("r:late", "room.msg", Map.of("n", n++));
                JsonObject f = Inbox.poll(onB, Duration.ofMillis(50));
                if (f != null && "room.msg".equals(f.getString("type"))) {
                    routedAt = System.nanoTime();
                    assertTrue(f.getJsonObject("data").getInt("n") >= 0, "the send made without Redis is not delivered later");
                    break;
                }
                assertTrue(System.nanoTime() - upAt < WAIT.toNanos(), "room not routed after Redis came up");
            }
            System.out.printf("STARTUP-WITHOUT-REDIS: two nodes started in %d ms without Redis; connected %d ms after"
                    + " Redis answered; room routed %d ms after%n", startedMs, connected.toMillis(),
                    (routedAt - upAt) / 1_000_000);
            assertTrue(connected.toMillis() < 3000, "connecting took " + connected);
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                open.get(i).close();
            }
            redis.close();
        }
    }

    @Test
    void aPasswordProtectedRedisWorksAndAWrongPasswordOrDatabaseFailsTheStartWithoutShowingThePassword() throws Exception {
        String password = "Pa55-w0rd-that-must-not-leak";
        String wrong = "Wr0ng-pass-that-must-not-leak";
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try (RedisServer redis = RedisServer.start(password)) {
            GatehouseServer a = ClusterNodes.start(Nodes.settings(redis.uri(password), "auth-a"));
            GatehouseServer b = ClusterNodes.start(Nodes.settings(redis.uri(password), "auth-b"));
            try (TestClient onB = TestClient.connectWelcomed(b.uri(), TestServer.token("pia"))) {
                ClusterNodes.await("connected with the password", WAIT, () -> a.gatehouse().clusterStatus().connected()
                        && b.gatehouse().clusterStatus().connected());
                a.gatehouse().connections().sendToUser("pia", "user.msg", Map.of("text", "through a password"));
                assertEquals("through a password", nextOfType(onB, "user.msg", WAIT).getJsonObject("data").getString("text"));
            } finally {
                a.stop();
                b.stop();
            }

            for (String uri : List.of(redis.uri(wrong), "redis://someone:" + wrong + "@127.0.0.1:" + redis.port(),
                    redis.uri(null), redis.uri(password) + "/99")) {
                long t = System.nanoTime();
                ConfigurationException e = assertThrows(ConfigurationException.class, () -> Gatehouse.builder()
                        .config(GatehouseConfig.from(ConfigSource.of(Nodes.settings(uri, "auth-x"))).build()).build());
                long ms = (System.nanoTime() - t) / 1_000_000;
                assertEquals("gatehouse.cluster.redis.uri", e.property());
                assertTrue(e.getMessage().contains("refused"), e.getMessage());
                for (Throwable x = e; x != null; x = x.getCause()) {
                    assertFalse(String.valueOf(x.getMessage()).contains(wrong), "the password in: " + x);
                    assertFalse(String.valueOf(x.getMessage()).contains(password), "the password in: " + x);
                }
                System.out.printf("WRONG-CREDENTIALS: refused in %d ms: %s%n", ms, e.getMessage());
            }
        } finally {
            root.removeHandler(capture);
        }
        for (LogRecord r : records) {
            String text = r.getMessage() + " " + java.util.Arrays.toString(r.getParameters()) + " " + r.getThrown();
            for (Throwable x = r.getThrown(); x != null; x = x.getCause()) {
                text += " " + x.getMessage();
            }
            assertFalse(text.contains(password) || text.contains(wrong), "a password in a log record: " + text);
        }
    }
}
