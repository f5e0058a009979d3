package dev.gatehouse.it.war;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.client.ErrorReply;
import dev.gatehouse.client.Frame;
import dev.gatehouse.test.TestConnection;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The example chat's {@code Moderation} (in the WAR's WEB-INF/lib): an annotated handler bean that {@code @Inject}s
 * an application-scoped service ({@code Mutes}, which the chat bean from WEB-INF/lib consults too)
 * and declares {@code @RolesAllowed("moderator")}, on every container (on the embedded one, made
 * with its {@code @Inject} constructor). A moderator's mute reaches the chat through the shared
 * service; a token without the role is answered {@code FORBIDDEN} without a call, and stays open.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ChatModerationIT {
    @Deployment(testable = false)
    static WebArchive chat() {
        return Wars.exampleChat("moderated", Map.of());
    }

    @ArquillianResource
    URL base;

    @Test
    void aModeratorsMuteIsAnsweredAndTheChatRefusesTheMutedUsersMessagesUntilUnmuted() {
        try (TestConnection moderator = connect(Tokens.withClaims("mod", Map.of("groups", List.of("moderator"))));
             TestConnection mallory = connect(Tokens.valid("mallory"));
             TestConnection alice = connect(Tokens.valid("alice"))) {
            join(alice, "moderated");
            join(mallory, "moderated");
            assertEquals("member_joined", alice.next("system_message").data().getString("event"));

            moderator.send("chat.mute", "m1", user("mallory"));
            Frame muted = moderator.assertReply("m1");
            assertEquals("chat.muted", muted.type());
            assertEquals("mallory", muted.data().getString("user"));
            assertTrue(muted.data().getBoolean("muted"), muted.toString());

            mallory.send("chat.send", "s1", text("moderated", "spam"));
            Frame refused = mallory.assertReply("s1");
            assertEquals("chat.refused", refused.type());
            assertEquals("muted", refused.data().getString("reason"));
            alice.assertNothingWithin(Duration.ofMillis(300));

            moderator.send("chat.unmute", "m2", user("mallory"));
            assertFalse(moderator.assertReply("m2").data().getBoolean("muted"));
            mallory.send("chat.send", "s2", text("moderated", "sorry"));
            assertEquals("sorry", alice.next("chat.message").data().getString("text"));
        }
    }

    @Test
    void aTokenWithoutTheModeratorRoleIsForbiddenWithoutACallAndKeepsItsConnection() {
        try (TestConnection eve = connect(Tokens.withClaims("eve", Map.of("groups", List.of("chatter"))));
             TestConnection bob = connect(Tokens.valid("bob"))) {
            eve.send("chat.mute", "m1", user("bob"));
            ErrorReply forbidden = eve.assertError("FORBIDDEN");
            assertEquals("m1", forbidden.replyTo().orElseThrow());
            eve.assertOpen();

            join(bob, "unmoderated"); // not muted: Moderation was not called
            bob.send("chat.send", "s1", text("unmoderated", "still here"));
            assertEquals("still here", bob.next("chat.message").data().getString("text"));
        }
    }

    private TestConnection connect(String token) {
        return TestConnection.welcomed(Endpoints.ws(base, "ws"), token);
    }

    private static void join(TestConnection client, String room) {
        client.send("chat.join", "join-" + room, Json.createObjectBuilder().add("room", room).build());
        assertEquals("chat.joined", client.assertReply("join-" + room).type());
    }

    private static JsonObject user(String user) {
        return Json.createObjectBuilder().add("user", user).build();
    }

    private static JsonObject text(String room, String text) {
        return Json.createObjectBuilder().add("room", room).add("text", text).build();
    }
}
