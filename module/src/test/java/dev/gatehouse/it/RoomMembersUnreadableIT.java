package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.Backplane;
import dev.gatehouse.InProcessCluster;
import dev.gatehouse.MessageHandler;
import dev.gatehouse.PresenceCount;
import dev.gatehouse.PresenceMember;
import dev.gatehouse.PresenceStore;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
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

    /** The in-process backplane, with a presence store whose reads fail, as a broker that is down. */
    private static final class UnreadablePresence implements Backplane {
        private final Backplane backplane = new InProcessCluster().node();

        @Override
        public void start(Receiver receiver) {
            backplane.start(receiver);
        }

        @Override
        public CompletionStage<?> publish(String topic, String message) {
            return backplane.publish(topic, message);
        }

        @Override
        public void subscribe(String topic) {
            backplane.subscribe(topic);
        }

        @Override
        public void unsubscribe(String topic) {
            backplane.unsubscribe(topic);
        }

        @Override
        public void close() {
            backplane.close();
        }

        @Override
        public Optional<PresenceStore> presenceStore() {
            return Optional.of(new PresenceStore() {
                @Override
                public void add(String room, PresenceMember member) {
                }

                @Override
                public void remove(String room, PresenceMember member) {
                }

                @Override
                public CompletionStage<List<PresenceMember>> members(String room) {
                    return CompletableFuture.failedFuture(new IllegalStateException("broker down"));
                }

                @Override
                public CompletionStage<PresenceCount> count(String room) {
                    return CompletableFuture.failedFuture(new IllegalStateException("broker down"));
                }
            });
        }
    }

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.presenceRooms(List.of("chat:*")).clusterSecret(TestServer.CLUSTER_SECRET),
                g -> g.backplane(new UnreadablePresence())
                .handler(MessageHandler.of("room.join", JsonObject.class, (d, ctx) -> {
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
