package dev.gatehouse.it.war;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.gatehouse.client.ErrorReply;
import dev.gatehouse.client.Frame;
import dev.gatehouse.it.war.app.EchoHandler;
import dev.gatehouse.it.war.app.ThrowingHandler;
import dev.gatehouse.test.TestConnection;
import jakarta.json.Json;
import java.net.URL;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bad frames and broken handlers are answered with error frames; only an oversized frame closes (1009). */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MessageErrorsIT {
    private static final int LIMIT = 1024;

    @Deployment(testable = false)
    static WebArchive app() {
        Map<String, String> config = Wars.withKey();
        config.put("gatehouse.max-message-size", String.valueOf(LIMIT));
        return Wars.war("errors", config, EchoHandler.class, ThrowingHandler.class);
    }

    @ArquillianResource
    URL base;

    @Test
    void handlerThatThrowsGetsHandlerErrorAndConnectionStaysOpen() {
        try (TestConnection client = connect()) {
            client.send("explode", "x1", null);
            ErrorReply error = client.assertError("HANDLER_ERROR");
            assertEquals("x1", error.replyTo().orElseThrow());
            assertFalse(error.toString().contains("secret-detail-that-must-not-leak"), error.toString());
            assertStillAnswers(client);
        }
    }

    @Test
    void unknownTypeGetsUnknownTypeAndConnectionStaysOpen() {
        try (TestConnection client = connect()) {
            client.send("chat.sned", "u1", null);
            assertEquals("u1", client.assertError("UNKNOWN_TYPE").replyTo().orElseThrow());
            assertStillAnswers(client);
        }
    }

    @Test
    void malformedFrameGetsMalformedMessageAndConnectionStaysOpen() {
        try (TestConnection client = connect()) {
            client.sendText("this is not json");
            client.assertError("MALFORMED_MESSAGE");
            assertStillAnswers(client);
        }
    }

    @Test
    void frameOverTheSizeLimitGetsMessageTooLargeAndClose1009() {
        try (TestConnection client = connect()) {
            String big = "x".repeat(LIMIT + 100);
            client.send("echo", "big", Json.createObjectBuilder().add("text", big).build());
            client.assertError("MESSAGE_TOO_LARGE");
            client.assertClosed(1009, "MESSAGE_TOO_LARGE");
        }
    }

    private TestConnection connect() {
        return TestConnection.welcomed(Endpoints.ws(base, "ws"), Tokens.valid("alice"));
    }

    private static void assertStillAnswers(TestConnection client) {
        client.send("echo", "after", Json.createObjectBuilder().add("still", "open").build());
        Frame echo = client.next();
        assertEquals("echo", echo.type());
        assertEquals("after", echo.replyTo().orElseThrow());
    }
}
