package dev.gatehouse.it.war;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.gatehouse.client.ErrorReply;
import dev.gatehouse.it.war.app.BroadcastHandler;
import dev.gatehouse.it.war.app.EchoHandler;
import dev.gatehouse.test.TestConnection;
import dev.gatehouse.testkit.RawUpgrade;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hostile input that reaches Gatehouse's code gets the same answer on every container as
 * standalone (the container's own framing is the container's). Regression: deep nesting and a
 * 1,200-digit number went unanswered on WildFly too, and a lone surrogate was silently replaced by
 * {@code ?} on its way through Undertow to the other user.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HostileInputIT {

    @Deployment(testable = false)
    static WebArchive app() {
        Map<String, String> config = Wars.withKey();
        config.put("gatehouse.max-connections-per-user", "2");
        return Wars.war("hostile", config, EchoHandler.class, BroadcastHandler.class);
    }

    @ArquillianResource
    URL base;

    @Test
    void thousandLevelsOfNestingAreMalformedWithReplyTo() {
        try (TestConnection client = connect("deep")) {
            client.sendText("{\"type\":\"echo\",\"id\":\"d\",\"data\":{\"a\":" + "[".repeat(1000) + "]".repeat(1000) + "}}");
            assertEquals("d", client.assertError("MALFORMED_MESSAGE").replyTo().orElseThrow());
            client.assertOpen();
        }
    }

    @Test
    void twelveHundredDigitNumberIsMalformedWithReplyTo() {
        try (TestConnection client = connect("digits")) {
            client.sendText("{\"type\":\"echo\",\"id\":\"n\",\"data\":{\"a\":" + "1".repeat(1200) + "}}");
            assertEquals("n", client.assertError("MALFORMED_MESSAGE").replyTo().orElseThrow());
            client.assertOpen();
        }
    }

    @Test
    void hugeExponentIsMalformedWithReplyTo() {
        try (TestConnection client = connect("exponent")) {
            client.sendText("{\"type\":\"echo\",\"id\":\"e\",\"data\":{\"a\":1e99999999999}}");
            assertEquals("e", client.assertError("MALFORMED_MESSAGE").replyTo().orElseThrow());
            client.assertOpen();
        }
    }

    @Test
    void loneSurrogateInChatIsRefusedAndNeverReachesTheOtherUserChangedOrNot() {
        try (TestConnection alice = connect("surrogate-alice"); TestConnection bob = connect("surrogate-bob")) {
            alice.sendText("{\"type\":\"chat.send\",\"id\":\"c1\",\"data\":{\"text\":\"x\\ud800\"}}");
            assertEquals("c1", alice.assertError("MALFORMED_MESSAGE").replyTo().orElseThrow());
            bob.assertNothingWithin(Duration.ofMillis(300));
            bob.assertOpen();
            alice.send("chat.send", "c2", Json.createObjectBuilder().add("text", "fine").build());
            assertEquals("fine", bob.next().data().getString("text"));
        }
    }

    @Test
    void pingWithALoneSurrogateIdIsMalformedWithoutReplyTo() {
        try (TestConnection client = connect("surrogate-id")) {
            ErrorReply error = client.sendText("{\"type\":\"ping\",\"id\":\"\\ud800\"}").assertError("MALFORMED_MESSAGE");
            assertFalse(error.replyTo().isPresent(), error.toString());
            client.assertOpen();
        }
    }

    @Test
    void thirdConnectionOfAUserOverItsLimitIsRefusedWith429() {
        try (TestConnection one = connect("greedy"); TestConnection two = connect("greedy")) {
            RawUpgrade.Response r = RawUpgrade.send(URI.create(base.toString()).resolve("ws"),
                    Map.of("Authorization", "Bearer " + Tokens.valid("greedy")));
            assertEquals(429, r.status(), r.toString());
            JsonObject body = Json.createReader(new StringReader(r.body())).readObject();
            assertEquals("CONNECTION_LIMIT", body.getString("error_code"));
            one.assertOpen();
            two.assertOpen();
        }
    }

    private TestConnection connect(String user) {
        return TestConnection.welcomed(Endpoints.ws(base, "ws"), Tokens.valid(user));
    }
}
