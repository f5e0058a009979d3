package dev.gatehouse.it.war;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * The {@code examples/war} chat WAR as the build produced it, on every container (its beans need only
 * constructor injection, which the embedded container does too, from the test class path). Its
 * configuration leaves the key to the server; here the WAR's own microprofile-config.properties, with
 * one line for the key added, stands in for {@code GATEHOUSE_JWT_SECRET} (the embedded container
 * reads only that file).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ChatExampleIT {
    @Deployment(testable = false)
    static WebArchive chat() {
        return Wars.exampleChat("chat", Map.of()); // chat.war like the build's output (finalName): the endpoint is /chat/ws
    }

    @ArquillianResource
    URL base;

    @Test
    void chatMessageReachesEveryMemberOfTheRoom() {
        try (TestConnection a = TestConnection.welcomed(Endpoints.ws(base, "ws"), Tokens.valid("alice"));
             TestConnection b = TestConnection.welcomed(Endpoints.ws(base, "ws"), Tokens.valid("bob"))) {
            a.send("chat.join", "j1", Json.createObjectBuilder().add("room", "lobby").build());
            assertEquals(1, a.next().data().getInt("members"));
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
    void joinAnswersTheRoomsMembersFromPresenceAndTellsTheOthers() {
        try (TestConnection a = TestConnection.welcomed(Endpoints.ws(base, "ws"), Tokens.valid("alice"));
             TestConnection b = TestConnection.welcomed(Endpoints.ws(base, "ws"), Tokens.valid("bob"))) {
            assertEquals(List.of("alice"), present(join(a, "presence")));
            assertEquals(List.of("alice", "bob"), present(join(b, "presence")));
            JsonObject joined = a.next().data();
            assertEquals("member_joined", joined.getString("event"));
            assertEquals("chat:presence", joined.getString("room"));
            assertEquals("bob", joined.getString("user_id"));
            assertEquals(b.welcome().connectionId(), joined.getString("connection_id"));
        }
    }

    @Test
    void roomMessageReachesOnlyTheRoomsMembers() {
        try (TestConnection a = TestConnection.welcomed(Endpoints.ws(base, "ws"), Tokens.valid("alice"));
             TestConnection c = TestConnection.welcomed(Endpoints.ws(base, "ws"), Tokens.valid("carol"))) {
            join(a, "only");
            join(c, "elsewhere");
            c.send("chat.send", "s0", Json.createObjectBuilder().add("room", "only").add("text", "x").build());
            c.assertError("MALFORMED_MESSAGE");
            a.send("chat.send", "s1", Json.createObjectBuilder().add("room", "only").add("text", "hi").build());
            assertEquals("hi", a.next().data().getString("text"));
            c.assertNothingWithin(Duration.ofMillis(300));
            c.send("chat.join", "j", Json.createObjectBuilder().add("room", "not/valid").build());
            c.assertError("ROOM_FORBIDDEN");
        }
    }

    @Test
    void echoAnswersWithTheSameData() {
        try (TestConnection client = TestConnection.welcomed(Endpoints.ws(base, "ws"), Tokens.valid("carol"))) {
            client.send("echo", "e", Json.createObjectBuilder().add("n", 7).build());
            Frame echo = client.next();
            assertEquals("echo", echo.type());
            assertEquals(7, echo.data().getInt("n"));
        }
    }

    /** Joins a chat room and returns the {@code chat.joined} answer's data. */
    private static JsonObject join(TestConnection client, String room) {
        client.send("chat.join", "join-" + room, Json.createObjectBuilder().add("room", room).build());
        Frame answer = client.next();
        assertEquals("chat.joined", answer.type(), answer.toString());
        return answer.data();
    }

    /** The user ids of a {@code chat.joined} answer's {@code present}. */
    private static List<String> present(JsonObject joined) {
        return joined.getJsonArray("present").stream().map(m -> m.asJsonObject().getString("user_id")).toList();
    }
}
