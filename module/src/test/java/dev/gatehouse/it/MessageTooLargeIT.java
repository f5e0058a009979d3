package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A frame over {@code maxMessageSize} gets MESSAGE_TOO_LARGE and close 1009; other connections carry on. */
class MessageTooLargeIT {
    private static final int LIMIT = 1024;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.maxMessageSize(LIMIT),
                g -> g.handler(FrameHandler.of("echo", JsonObject.class, (d, ctx) -> ctx.reply("echo", d))));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void frameOverTheLimitIsAnsweredThenClosed1009AndOtherConnectionsAreUndisturbed() {
        try (TestClient bystander = TestClient.connectWelcomed(server.uri(), TestServer.token("bob"));
                TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"))) {
            client.sendRaw(echoOfSize(LIMIT + 1));
            client.nextError("MESSAGE_TOO_LARGE");
            client.assertClosed(1009, "MESSAGE_TOO_LARGE");
            bystander.assertOpen();
            bystander.sendRaw(echoOfSize(100));
            assertEquals("echo", bystander.next().getString("type"));
        }
    }

    @Test
    void frameOfExactlyTheLimitIsHandled() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"))) {
            client.sendRaw(echoOfSize(LIMIT));
            assertEquals("echo", client.next().getString("type"));
        }
    }

    @Test
    void limitCountsUtf8BytesNotCharacters() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"))) {
            // 600 two-byte characters: under the limit in characters, over it in bytes.
            client.sendRaw("{\"type\":\"echo\",\"data\":{\"p\":\"" + "é".repeat(600) + "\"}}");
            client.nextError("MESSAGE_TOO_LARGE");
            client.assertClosed(1009, "MESSAGE_TOO_LARGE");
        }
    }

    /** An echo frame of exactly {@code bytes} UTF-8 bytes. */
    private static String echoOfSize(int bytes) {
        String head = "{\"type\":\"echo\",\"data\":{\"p\":\"";
        String tail = "\"}}";
        String frame = head + "x".repeat(bytes - head.length() - tail.length()) + tail;
        assertEquals(bytes, frame.getBytes(StandardCharsets.UTF_8).length);
        return frame;
    }
}
