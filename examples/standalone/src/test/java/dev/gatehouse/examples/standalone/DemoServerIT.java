package dev.gatehouse.examples.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.testkit.TestClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoServerIT {
    private static DemoServer.Running demo;

    @BeforeAll
    static void start() {
        demo = DemoServer.start(ConfigSource.of(Map.of("gatehouse.port", "0")));
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
        try (TestClient client = TestClient.connectWelcomed(demo.server().uri(), token)) {
            client.send("echo", "1", Json.createObjectBuilder().add("hello", "world").build());
            JsonObject echo = client.next();
            assertEquals("echo", echo.getString("type"));
            assertEquals("1", echo.getString("reply_to"));
            assertEquals("world", echo.getJsonObject("data").getString("hello"));
        }
    }

    @Test
    void chatMessageReachesEveryMemberOfTheRoom() {
        String alice = DemoServer.mintToken(secretOf(), "alice", java.time.Duration.ofMinutes(5));
        String bob = DemoServer.mintToken(secretOf(), "bob", java.time.Duration.ofMinutes(5));
        try (TestClient a = TestClient.connectWelcomed(demo.server().uri(), alice);
             TestClient b = TestClient.connectWelcomed(demo.server().uri(), bob)) {
            a.send("chat.join", "j1", Json.createObjectBuilder().add("room", "lobby").build());
            assertEquals("chat.joined", a.next().getString("type"));
            b.send("chat.join", "j2", Json.createObjectBuilder().add("room", "lobby").build());
            assertEquals(2, b.next().getJsonObject("data").getInt("members"));
            a.send("chat.send", "s1", Json.createObjectBuilder().add("room", "lobby").add("text", "hi bob").build());
            for (TestClient member : new TestClient[] {a, b}) {
                JsonObject message = member.next();
                assertEquals("chat.message", message.getString("type"));
                assertEquals("alice", message.getJsonObject("data").getString("from"));
                assertEquals("hi bob", message.getJsonObject("data").getString("text"));
            }
        }
    }

    @Test
    void browserPageIsServedAtTheRoot() throws IOException, InterruptedException {
        URI page = URI.create("http://127.0.0.1:" + demo.server().port() + "/");
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("new WebSocket(url, ['gatehouse.v1', 'bearer.'"));
    }

    /** The demo's secret is random; a second user's token is minted with it through the same config. */
    private static String secretOf() {
        return demo.server().gatehouse().config().jwt().secret().orElseThrow();
    }
}
