package dev.gatehouse.examples.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.client.Frame;
import dev.gatehouse.test.TestConnection;
import dev.gatehouse.test.TestTokens;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoServerIT {
    private static DemoServer.Running demo;

    @BeforeAll
    static void start() {
        demo = DemoServer.start(ConfigSource.of(Map.of("gatehouse.port", "0", DemoServer.DEMO, "true")));
    }

    @AfterAll
    static void stop() {
        demo.server().stop();
    }

    @Test
    void demoModePrintsATokenThatConnects() {
        String printed = DemoServer.instructions(demo);
        String token = demo.demoToken().orElseThrow();
        assertTrue(printed.contains(token));
        assertTrue(printed.contains(demo.server().uri().toString()));
        assertTrue(printed.contains("One node ("), printed);
        try (TestConnection client = TestConnection.welcomed(demo.server().uri(), token)) {
            client.send("echo", "1", Json.createObjectBuilder().add("hello", "world").build());
            Frame echo = client.next();
            assertEquals("echo", echo.type());
            assertEquals("1", echo.replyTo().orElseThrow());
            assertEquals("world", echo.data().getString("hello"));
        }
    }

    @Test
    void chatMessageReachesEveryMemberOfTheRoom() {
        String alice = DemoServer.mintToken(secretOf(), "alice", java.time.Duration.ofMinutes(5));
        String bob = DemoServer.mintToken(secretOf(), "bob", java.time.Duration.ofMinutes(5));
        try (TestConnection a = TestConnection.welcomed(demo.server().uri(), alice);
             TestConnection b = TestConnection.welcomed(demo.server().uri(), bob)) {
            a.send("chat.join", "j1", Json.createObjectBuilder().add("room", "lobby").build());
            assertEquals("chat.joined", a.next().type());
            b.send("chat.join", "j2", Json.createObjectBuilder().add("room", "lobby").build());
            assertEquals(2, b.next().data().getInt("members"));
            assertEquals("member_joined", a.next().data().getString("event")); // presence: bob
            a.send("chat.send", "s1", Json.createObjectBuilder().add("room", "lobby").add("text", "hi bob").build());
            for (TestConnection member : new TestConnection[] {a, b}) {
                Frame message = member.next();
                assertEquals("chat.message", message.type());
                assertEquals("alice", message.data().getString("from"));
                assertEquals("hi bob", message.data().getString("text"));
            }
        }
    }

    @Test
    void joinAnswersTheMembersAndTellsTheOthers() {
        try (TestConnection a = TestConnection.welcomed(demo.server().uri(), token("alice"));
             TestConnection b = TestConnection.welcomed(demo.server().uri(), token("bob"))) {
            JsonObject first = join(a, "presence").data();
            assertEquals("presence", first.getString("room"));
            assertEquals(List.of("alice"), users(first));
            JsonObject second = join(b, "presence").data();
            assertEquals(2, second.getInt("members"));
            assertEquals(List.of("alice", "bob"), users(second));
            assertEquals(Set.of(a.welcome().connectionId(), b.welcome().connectionId()), second.getJsonArray("present").stream()
                    .map(m -> m.asJsonObject().getString("connection_id")).collect(Collectors.toSet()));

            Frame joined = a.next();
            assertEquals("system_message", joined.type());
            assertEquals(Json.createObjectBuilder().add("event", "member_joined").add("room", "chat:presence")
                    .add("user_id", "bob").add("connection_id", b.welcome().connectionId()).build(), joined.data());
            b.client().close().join();
            JsonObject left = a.next().data();
            assertEquals("member_left", left.getString("event"));
            assertEquals(b.welcome().connectionId(), left.getString("connection_id"));
        }
    }

    @Test
    void roomMessageReachesOnlyTheRoomsMembers() {
        try (TestConnection a = TestConnection.welcomed(demo.server().uri(), token("alice"));
             TestConnection b = TestConnection.welcomed(demo.server().uri(), token("bob"));
             TestConnection c = TestConnection.welcomed(demo.server().uri(), token("carol"))) {
            join(a, "only");
            join(b, "only");
            a.next(); // member_joined: bob
            join(c, "elsewhere");
            c.send("chat.send", "s0", Json.createObjectBuilder().add("room", "only").add("text", "let me in").build());
            assertEquals("Join the room before sending to it",
                    c.assertError("MALFORMED_MESSAGE").message());
            b.send("chat.send", "s1", Json.createObjectBuilder().add("room", "only").add("text", "hi").build());
            for (TestConnection member : new TestConnection[] {a, b}) {
                JsonObject message = member.next().data();
                assertEquals("only", message.getString("room"));
                assertEquals("bob", message.getString("from"));
            }
            c.assertNothingWithin(Duration.ofMillis(300));
        }
    }

    @Test
    void aRoomNameGatehouseRefusesIsForbidden() {
        try (TestConnection a = TestConnection.welcomed(demo.server().uri(), token("alice"))) {
            a.send("chat.join", "j", Json.createObjectBuilder().add("room", "no spaces").build());
            assertEquals("j", a.assertError("ROOM_FORBIDDEN").replyTo().orElseThrow());
            a.send("chat.join", "k", Json.createObjectBuilder().add("room", " ").build());
            a.assertError("MALFORMED_MESSAGE");
            a.assertOpen();
        }
    }

    @Test
    void theDemoServesItsMetricsAndItsStatusPageAndSaysWhere() throws IOException, InterruptedException {
        try (TestConnection client = TestConnection.welcomed(demo.server().uri(), token("alice"))) {
            client.send("echo", "e1", null).next();
        }
        HttpResponse<String> metrics = get(demo, "/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("gatehouse_handshakes_total{code=\"none\",outcome=\"accepted\"}"), metrics.body());
        assertEquals(200, get(demo, "/status").statusCode());
        assertTrue(get(demo, "/status/data").body().contains("\"opened\""));
        String printed = DemoServer.instructions(demo);
        assertTrue(printed.contains("/status") && printed.contains("/metrics") && printed.contains("/health/ready"), printed);
    }

    @Test
    void demoModeMintsATokenForAGivenUserName() throws IOException, InterruptedException {
        HttpResponse<String> minted = get(demo, "/demo/token?user=bob");
        assertEquals(200, minted.statusCode());
        assertEquals("no-store", minted.headers().firstValue("Cache-Control").orElse(""));
        JsonObject body = Json.createReader(new StringReader(minted.body())).readObject();
        assertEquals("bob", body.getString("user"));
        try (TestConnection bob = TestConnection.welcomed(demo.server().uri(), body.getString("token"))) {
            assertEquals("bob", bob.welcome().userId());
        }
        for (String refused : List.of("/demo/token", "/demo/token?user=", "/demo/token?user=a%20b",
                "/demo/token?user=" + "x".repeat(65))) {
            HttpResponse<String> answer = get(demo, refused);
            assertEquals(400, answer.statusCode(), refused);
            assertTrue(answer.body().contains("INVALID_USER"), answer.body());
        }
    }

    @Test
    void withARedisUriTheDemoIsAClusterNodeEvenBeforeRedisAnswersAndNeverPrintsThePassword() {
        // nothing listens on port 1: the node starts anyway and connects when Redis appears; until it has
        // read the revocations Redis keeps, or gatehouse.ready.timeout has passed, upgrades get 503
        // (RedisStartupIT checks that answer)
        DemoServer.Running node = DemoServer.start(ConfigSource.of(Map.of("gatehouse.port", "0", DemoServer.DEMO, "true",
                "gatehouse.cluster.node-id", "demo-2", "gatehouse.cluster.redis.uri", "redis://:s3cret-pw@127.0.0.1:1",
                "gatehouse.cluster.secret", "the demo nodes' shared secret, 32+ bytes", "gatehouse.ready.timeout", "1s")));
        try {
            String printed = DemoServer.instructions(node);
            assertTrue(printed.contains("Cluster node demo-2 on Redis"), printed);
            assertFalse(printed.contains("s3cret-pw"), printed);
            String token = node.demoToken().orElseThrow();
            try (TestConnection client = welcomedOnceAdmitted(node, token)) { // after gatehouse.ready.timeout (1 s)
                assertEquals("chat.joined", join(client, "lobby").type(), "local rooms work without Redis");
            }
        } finally {
            node.server().stop();
        }
    }

    /** Connects until the node admits the upgrade (it answers 503 before), for at most 10 s; {@return the welcomed connection} */
    private static TestConnection welcomedOnceAdmitted(DemoServer.Running node, String token) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return TestConnection.welcomed(node.server().uri(), token);
            } catch (AssertionError refused) {
                assertTrue(System.nanoTime() < deadline, "never admitted: " + refused.getMessage());
            }
        }
    }

    @Test
    void withARealKeyNoTokenIsMintedAndTheConfiguredPresenceStands() throws IOException, InterruptedException {
        ConfigSource config = ConfigSource.of(Map.of("gatehouse.port", "0",
                "gatehouse.jwt.secret", "a-configured-secret-of-at-least-256-bits!", "gatehouse.presence.rooms", "other:*"));
        DemoServer.Running keyed = DemoServer.start(config);
        TestTokens tokens = TestTokens.forServer(GatehouseConfig.from(config).build());
        try {
            assertTrue(keyed.demoToken().isEmpty());
            assertFalse(DemoServer.instructions(keyed).contains("Demo mode"));
            assertEquals(404, get(keyed, "/demo/token?user=bob").statusCode());
            assertEquals(404, get(keyed, "/metrics").statusCode(), "with a key, metrics only when configured");
            assertEquals(200, get(keyed, "/").statusCode());
            try (TestConnection a = TestConnection.welcomed(keyed.server().uri(), tokens.valid("alice"))) {
                JsonObject joined = join(a, "lobby").data();
                assertEquals(1, joined.getInt("members"));
                assertFalse(joined.containsKey("present"), joined.toString()); // chat:* is not tracked here
            }
        } finally {
            keyed.server().stop();
        }
    }

    @Test
    void withoutAKeyOrTheDemoSwitchTheDemoDoesNotStartAndNamesBoth() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> DemoServer.start(ConfigSource.of(Map.of("gatehouse.port", "0"))).server().stop());
        assertEquals("gatehouse.jwt.secret", e.property());
        for (String named : List.of("mp.jwt.verify.publickey", "mp.jwt.verify.publickey.location", "gatehouse.demo=true")) {
            assertTrue(e.getMessage().contains(named), e.getMessage());
        }
    }

    @Test
    void theDemoSwitchIsRefusedOnAnAddressThatIsNotLoopbackOrTogetherWithAKey() {
        for (String host : List.of("0.0.0.0", "::", "192.0.2.10", "no-such-host.invalid")) {
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> DemoServer.start(ConfigSource.of(
                    Map.of("gatehouse.port", "0", "gatehouse.host", host, DemoServer.DEMO, "true"))).server().stop(), host);
            assertEquals(DemoServer.DEMO, e.property());
            assertTrue(e.getMessage().contains("gatehouse.host") && e.getMessage().contains(host), e.getMessage());
        }
        ConfigurationException keyed = assertThrows(ConfigurationException.class, () -> DemoServer.start(ConfigSource.of(
                Map.of("gatehouse.port", "0", DemoServer.DEMO, "true",
                        "gatehouse.jwt.secret", "a-configured-secret-of-at-least-256-bits!"))).server().stop());
        assertEquals(DemoServer.DEMO, keyed.property());
    }

    @Test
    void theDemoSwitchRunsOnEveryLoopbackName() {
        for (String host : List.of("localhost", "::1")) {
            DemoServer.Running local = DemoServer.start(ConfigSource.of(Map.of("gatehouse.port", "0", "gatehouse.host",
                    host, DemoServer.DEMO, "true")));
            try {
                assertTrue(local.demoToken().isPresent(), host);
            } finally {
                local.server().stop();
            }
        }
    }

    @Test
    void browserPageIsServedAtTheRoot() throws IOException, InterruptedException {
        URI page = URI.create("http://127.0.0.1:" + demo.server().port() + "/");
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("import { GatehouseClient } from './gatehouse-client/index.js'"), "the page runs on the client");
        assertTrue(response.body().contains("fetch('" + DemoServer.TOKEN_PATH), "the page mints where the server does");
    }

    private static String token(String user) {
        return DemoServer.mintToken(secretOf(), user, Duration.ofMinutes(5));
    }

    /** Joins a chat room and returns the {@code chat.joined} answer. */
    private static Frame join(TestConnection client, String room) {
        client.send("chat.join", "join-" + room, Json.createObjectBuilder().add("room", room).build());
        Frame answer = client.next();
        assertEquals("chat.joined", answer.type(), answer.toString());
        return answer;
    }

    /** The user ids of a {@code chat.joined} answer's {@code present}, in order. */
    private static List<String> users(JsonObject joined) {
        return joined.getJsonArray("present").stream().map(m -> m.asJsonObject().getString("user_id")).toList();
    }

    private static HttpResponse<String> get(DemoServer.Running server, String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + server.server().port() + path);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The demo's secret is random; a second user's token is minted with it through the same config. */
    private static String secretOf() {
        return demo.server().gatehouse().config().jwt().secret().orElseThrow();
    }
}
