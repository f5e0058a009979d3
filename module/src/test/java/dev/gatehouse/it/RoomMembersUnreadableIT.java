package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.spi.Backplane;
import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.spi.InProcessCluster;
import dev.gatehouse.spi.PresenceStore;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code room_members} whose presence store cannot be read is answered {@code HANDLER_ERROR} with
 * {@code retryable: true} (PROTOCOL.md §4): unlike a handler's failure, the server knows it may pass.
 */
class RoomMembersUnreadableIT {
    private static TestServer server;

    /** The in-process backplane, with a presence store whose reads fail, as a broker that is down would. */
    private static Backplane unreadablePresence() {
        PresenceStore failing = (PresenceStore) Proxy.newProxyInstance(PresenceStore.class.getClassLoader(),
                new Class<?>[] {PresenceStore.class}, (proxy, method, args) -> method.getReturnType() == CompletionStage.class
                        ? CompletableFuture.failedFuture(new IllegalStateException("broker down")) : null);
        Backplane node = new InProcessCluster().node();
        return (Backplane) Proxy.newProxyInstance(Backplane.class.getClassLoader(), new Class<?>[] {Backplane.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("presenceStore")) {
                        return Optional.of(failing);
                    }
                    try {
                        return method.invoke(node, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.presenceRooms(List.of("chat:*")).clusterSecret(TestServer.CLUSTER_SECRET),
                g -> g.backplane(unreadablePresence())
                .handler(FrameHandler.of("room.join", JsonObject.class, (d, ctx) -> {
                    ctx.rooms().join(d.getString("room"));
                    ctx.reply("room.joined", null);
                })));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void membersThatCannotBeReadAreARetryableHandlerErrorAndTheConnectionStaysOpen() {
        try (TestClient alice = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"))) {
            alice.send("room.join", "j", Json.createObjectBuilder().add("room", "chat:lobby").build());
            assertEquals("room.joined", alice.next().getString("type"));
            JsonObject error = alice.send("room_members", "m", Json.createObjectBuilder().add("room", "chat:lobby").build())
                    .nextError("HANDLER_ERROR");
            assertEquals("m", error.getString("reply_to"));
            assertTrue(error.getJsonObject("data").getBoolean("retryable"), error.toString());
            alice.assertOpen().assertNothingWithin(Duration.ofMillis(100));
        }
    }
}
