package dev.gatehouse.examples.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.test.ConnectAs;
import dev.gatehouse.test.GatehouseExtension;
import dev.gatehouse.test.TestConnection;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ChatTest {
    // The bean as CDI would build it, by hand: a real service object, no container.
    static final Mutes MUTES = new Mutes();

    // A real standalone Gatehouse on a free port, with the handler bean and the application's settings.
    @RegisterExtension
    static final GatehouseExtension GATEHOUSE = GatehouseExtension.withHandlers(g -> g.handlers(new Chat(MUTES)))
            .config(Map.of("gatehouse.presence.rooms", "chat:*"));

    private static final JsonObject LOBBY = Json.createObjectBuilder().add("room", "lobby").build();
    private static final JsonObject HI = Json.createObjectBuilder().add("room", "lobby").add("text", "hi").build();

    @Test
    void aMessageReachesEveryMemberOfTheRoom(@ConnectAs("alice") TestConnection alice,
            @ConnectAs("bob") TestConnection bob) {
        assertEquals("lobby", alice.send("chat.join", "1", LOBBY).assertReply("1").data().getString("room"));
        bob.send("chat.join", "2", LOBBY).assertReply("2");
        assertEquals("member_joined", alice.next("system_message").data().getString("event"));

        bob.send("chat.send", HI);

        for (TestConnection member : new TestConnection[] {alice, bob}) {
            JsonObject message = member.next("chat.message").data();
            assertEquals("bob", message.getString("from"));
            assertEquals("hi", message.getString("text"));
        }
        assertEquals(2, alice.send("chat.count", "3", LOBBY).assertReply("3").data().getInt("users"));
    }

    @Test
    void aModeratorMutesAUserAndOnlyAModeratorMay(@ConnectAs("carol") TestConnection carol) {
        TestConnection moderator = GATEHOUSE.connectWithToken(GATEHOUSE.tokens().token("mod").groups("moderator").compact());
        moderator.assertWelcome();
        JsonObject carolsName = Json.createObjectBuilder().add("user", "carol").build();

        carol.send("chat.mute", "1", carolsName).assertError("FORBIDDEN");   // no moderator group: no call
        carol.send("chat.join", "2", LOBBY).assertReply("2");
        moderator.send("chat.mute", "3", carolsName).assertReply("3");

        carol.send("chat.send", "4", HI).assertError("FORBIDDEN");
        assertTrue(MUTES.isMuted("carol"));   // the service the test gave the bean
    }
}
