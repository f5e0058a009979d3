package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** 200 users connect at once: each is welcomed as itself and gets its own echo, never another's. */
class ConcurrentConnectionsIT {
    private static final int USERS = 200;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(g -> g.handler(FrameHandler.of("echo", JsonObject.class, (d, ctx) -> ctx.reply("echo", d))));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyConnectionIsWelcomedAsItsOwnUserAndGetsItsOwnEcho() throws Exception {
        ExecutorService openers = Executors.newFixedThreadPool(16);
        List<TestClient> clients = new ArrayList<>();
        try {
            List<Future<TestClient>> opening = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                String user = "user-" + i;
                opening.add(openers.submit(() -> TestClient.connectWelcomed(server.uri(), TestServer.token(user))));
            }
            for (Future<TestClient> f : opening) {
                clients.add(f.get());
            }
            assertEquals(USERS, server.connections().count());
            for (int i = 0; i < USERS; i++) {
                assertEquals("user-" + i, clients.get(i).welcome().getJsonObject("data").getString("user_id"));
                clients.get(i).send("echo", "e" + i, Json.createObjectBuilder().add("user", "user-" + i).build());
            }
            for (int i = 0; i < USERS; i++) {
                JsonObject echo = clients.get(i).next();
                assertEquals("e" + i, echo.getString("reply_to"), echo.toString());
                assertEquals("user-" + i, echo.getJsonObject("data").getString("user"));
            }
        } finally {
            openers.shutdownNow();
            clients.forEach(TestClient::close);
        }
    }
}
