package dev.gatehouse.examples.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.examples.chat.Chat;
import dev.gatehouse.examples.chat.Moderation;
import dev.gatehouse.examples.chat.Mutes;
import dev.gatehouse.test.ConnectAs;
import dev.gatehouse.test.GatehouseExtension;
import dev.gatehouse.test.TestConnection;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ChatTest {
    // The beans as CDI would build them, by hand: one real service object shared by both, no container.
    static final Mutes MUTES = new Mutes();

    // A real standalone Gatehouse on a free port, with the handler beans and the application's settings.
    @RegisterExtension
    static final GatehouseExtension GATEHOUSE = GatehouseExtension
            .withHandlers(g -> g.handlers(new Chat(MUTES), new Moderation(MUTES)))
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
    }

    @Test
    void aModeratorMutesAUserAndOnlyAModeratorMay(@ConnectAs("carol") TestConnection carol) {
        TestConnection moderator = GATEHOUSE.connectWithToken(GATEHOUSE.tokens().token("mod").groups("moderator").compact());
        moderator.assertWelcome();
        JsonObject carolsName = Json.createObjectBuilder().add("user", "carol").build();

        carol.send("chat.mute", "1", carolsName).assertError("FORBIDDEN");   // no moderator group: no call
        carol.send("chat.join", "2", LOBBY).assertReply("2");
        moderator.send("chat.mute", "3", carolsName).assertReply("3");

        assertEquals("muted", carol.send("chat.send", "4", HI).assertReply("4").data().getString("reason"));
        assertTrue(MUTES.isMuted("carol"));   // the service the test gave the beans
    }
}
