package dev.gatehouse.examples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.spi.AsyncFrameHandler;
import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.test.ConnectAs;
import dev.gatehouse.test.GatehouseExtension;
import dev.gatehouse.test.TestConnection;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ChatRoomsTest {
    // A real standalone Gatehouse on a free port, with the application's handlers and settings.
    @RegisterExtension
    static final GatehouseExtension GATEHOUSE = GatehouseExtension.withHandlers(g -> g
                    .handler(AsyncFrameHandler.of("chat.join", ChatRooms.Join.class, ChatRooms::join))
                    .handler(FrameHandler.of("chat.send", ChatRooms.Send.class, ChatRooms::send)))
            .config(Map.of("gatehouse.presence.rooms", "chat:*"));

    private static final JsonObject LOBBY = Json.createObjectBuilder().add("room", "lobby").build();

    @Test
    void aMessageReachesEveryMemberOfTheRoom(@ConnectAs("alice") TestConnection alice,
            @ConnectAs("bob") TestConnection bob) {
        alice.send("chat.join", "1", LOBBY).assertReply("1");
        bob.send("chat.join", "2", LOBBY).assertReply("2");
        assertEquals("member_joined", alice.next("system_message").data().getString("event"));

        bob.send("chat.send", Json.createObjectBuilder().add("room", "lobby").add("text", "hi").build());

        for (TestConnection member : new TestConnection[] {alice, bob}) {
            JsonObject message = member.next("chat.message").data();
            assertEquals("bob", message.getString("from"));
            assertEquals("hi", message.getString("text"));
        }
    }

    @Test
    void sendingToARoomNotJoinedIsAnsweredAndTheConnectionKept(TestConnection user) {
        user.send("chat.send", "1", Json.createObjectBuilder().add("room", "lobby").add("text", "hi").build());
        user.assertError("MALFORMED_MESSAGE");
        user.assertNothingWithin(Duration.ofMillis(200));
        user.send("chat.join", "2", LOBBY).assertReply("2");
    }

    @Test
    void anExpiredTokenIsRefusedBeforeTheUpgrade() {
        TestConnection late = GATEHOUSE.connectWithToken(GATEHOUSE.tokens().expired("carol"));
        late.assertRefused("TOKEN_EXPIRED");
    }
}
