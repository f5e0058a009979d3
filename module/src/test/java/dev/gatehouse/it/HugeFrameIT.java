package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Messages far over the limit, beyond what the container would buffer, get the protocol's answer. */
class HugeFrameIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.maxMessageSize(4096), g -> { });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void fiveMebibyteFrameIsAnsweredWithMessageTooLargeAnd1009() {
        try (TestClient bystander = TestClient.connectWelcomed(server.uri(), TestServer.token("bystander"));
             TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("huge"))) {
            client.sendRaw("{\"type\":\"echo\",\"data\":{\"x\":\"" + "a".repeat(5 << 20) + "\"}}");
            client.nextError("MESSAGE_TOO_LARGE");
            client.assertClosed(1009, "MESSAGE_TOO_LARGE");

            bystander.send("ping", "still-here", null);
            assertEquals("still-here", bystander.next().getString("reply_to"));
        }
    }

    @Test
    void fragmentedMessageOverTheLimitIsAnsweredLikeOneFrame() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("fragments"))) {
            client.sendFragments("{\"type\":\"echo\",\"data\":{\"x\":\"", "b".repeat(3000), "c".repeat(3000), "\"}}");
            client.nextError("MESSAGE_TOO_LARGE");
            client.assertClosed(1009, "MESSAGE_TOO_LARGE");
        }
    }
}
