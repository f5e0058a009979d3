package dev.gatehouse.it.war;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.gatehouse.it.war.app.BroadcastHandler;
import dev.gatehouse.it.war.app.EchoHandler;
import dev.gatehouse.testkit.RawUpgrade;
import dev.gatehouse.testkit.TestClient;
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
        try (TestClient client = connect("deep")) {
            client.sendRaw("{\"type\":\"echo\",\"id\":\"d\",\"data\":{\"a\":" + "[".repeat(1000) + "]".repeat(1000) + "}}");
            assertEquals("d", client.nextError("MALFORMED_MESSAGE").getString("reply_to"));
            client.assertOpen();
        }
    }

    @Test
    void twelveHundredDigitNumberIsMalformedWithReplyTo() {
        try (TestClient client = connect("digits")) {
            client.sendRaw("{\"type\":\"echo\",\"id\":\"n\",\"data\":{\"a\":" + "1".repeat(1200) + "}}");
            assertEquals("n", client.nextError("MALFORMED_MESSAGE").getString("reply_to"));
            client.assertOpen();
        }
    }

    @Test
    void hugeExponentIsMalformedWithReplyTo() {
        try (TestClient client = connect("exponent")) {
            client.sendRaw("{\"type\":\"echo\",\"id\":\"e\",\"data\":{\"a\":1e99999999999}}");
            assertEquals("e", client.nextError("MALFORMED_MESSAGE").getString("reply_to"));
            client.assertOpen();
        }
    }

    @Test
    void loneSurrogateInChatIsRefusedAndNeverReachesTheOtherUserChangedOrNot() {
        try (TestClient alice = connect("surrogate-alice"); TestClient bob = connect("surrogate-bob")) {
            alice.sendRaw("{\"type\":\"chat.send\",\"id\":\"c1\",\"data\":{\"text\":\"x\\ud800\"}}");
            assertEquals("c1", alice.nextError("MALFORMED_MESSAGE").getString("reply_to"));
            bob.assertNothingWithin(Duration.ofMillis(300));
            bob.assertOpen();
            alice.send("chat.send", "c2", Json.createObjectBuilder().add("text", "fine").build());
            assertEquals("fine", bob.next().getJsonObject("data").getString("text"));
        }
    }

    @Test
    void pingWithALoneSurrogateIdIsMalformedWithoutReplyTo() {
        try (TestClient client = connect("surrogate-id")) {
            JsonObject error = client.sendRaw("{\"type\":\"ping\",\"id\":\"\\ud800\"}").nextError("MALFORMED_MESSAGE");
            assertFalse(error.containsKey("reply_to"), error.toString());
            client.assertOpen();
        }
    }

    @Test
    void thirdConnectionOfAUserOverItsLimitIsRefusedWith429() {
        try (TestClient one = connect("greedy"); TestClient two = connect("greedy")) {
            RawUpgrade.Response r = RawUpgrade.send(URI.create(base.toString()).resolve("ws"),
                    Map.of("Authorization", "Bearer " + Tokens.valid("greedy")));
            assertEquals(429, r.status(), r.toString());
            JsonObject body = Json.createReader(new StringReader(r.body())).readObject();
            assertEquals("CONNECTION_LIMIT", body.getString("error_code"));
            one.assertOpen();
            two.assertOpen();
        }
    }

    private TestClient connect(String user) {
        return TestClient.connectWelcomed(Endpoints.ws(base, "ws"), Tokens.valid(user));
    }
}
