package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.testkit.RawWebSocket;
import dev.gatehouse.testkit.TestServer;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A peer that stops answering pings is closed after the heartbeat timeout. */
class HeartbeatTimeoutIT {

    @Test
    void peerThatDoesNotAnswerThePingIsClosedWithHeartbeatTimeout() throws IOException {
        try (TestServer server = TestServer.start(
                c -> c.heartbeatInterval(Duration.ofSeconds(1)).heartbeatTimeout(Duration.ofMillis(500)), g -> { });
             RawWebSocket peer = RawWebSocket.connect(server.uri(), TestServer.token("silent"))) {
            assertEquals(0x1, peer.next().opcode(), "the welcome");
            assertEquals(0x9, peer.next().opcode(), "a ping, left unanswered");
            RawWebSocket.Frame close = peer.next();
            assertEquals(0x8, close.opcode());
            assertEquals(1000, close.closeCode());
            assertEquals("HEARTBEAT_TIMEOUT", close.closeReason());
        }
    }
}
