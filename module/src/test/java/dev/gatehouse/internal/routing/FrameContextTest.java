package dev.gatehouse.internal.routing;

import dev.gatehouse.internal.metrics.GatehouseMetrics;
import static dev.gatehouse.internal.lifecycle.ConnectionFixture.START;
import static dev.gatehouse.internal.lifecycle.ConnectionFixture.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.gatehouse.ReplyErrorCode;
import dev.gatehouse.internal.lifecycle.ConnectionFixture;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.internal.cluster.ClusterConnections;
import dev.gatehouse.internal.lifecycle.ConnectionRegistry;
import dev.gatehouse.internal.lifecycle.ManagedConnection;
import dev.gatehouse.internal.lifecycle.RecordingTransport;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a handler answers: replies carry the frame's id; a user's other open connections can be told. */
class FrameContextTest {
    private final ConnectionFixture fixture = new ConnectionFixture();
    private final ConnectionRegistry registry = new ConnectionRegistry(10, 10);
    private final ClusterConnections connections = new ClusterConnections(registry, fixture.frames(),
            GatehouseConfig.builder().build(), "node-a", null, null, GatehouseMetrics.none());
    private final RecordingTransport own = RecordingTransport.completing();

    @Test
    void repliesAndErrorsCarryTheFramesIdAndRefuseOnceClosing() {
        ManagedConnection c = connection("alice", own, true);
        FrameContext context = new FrameContext(c, "42", fixture.frames(), connections);
        assertEquals(Optional.of("42"), context.messageId());
        context.reply("done", null);
        context.replyError(ReplyErrorCode.HANDLER_TIMEOUT, "slow");
        c.close(1000, "BYE");
        assertFalse(context.reply("late", null));
        assertEquals(List.of("connection_established", "done reply_to=42", "error HANDLER_TIMEOUT reply_to=42",
                "close 1000 BYE"), own.summary());
    }

    @Test
    void sendToOtherConnectionsReachesTheUsersOtherOpenConnectionsOnly() {
        ManagedConnection self = connection("alice", own, true);
        RecordingTransport other = RecordingTransport.completing();
        connection("alice", other, true);
        RecordingTransport opening = RecordingTransport.completing();
        connection("alice", opening, false);
        RecordingTransport bob = RecordingTransport.completing();
        connection("bob", bob, true);

        int sent = new FrameContext(self, "1", fixture.frames(), connections).sendToOtherConnections("note", null);

        assertEquals(1, sent);
        assertEquals(List.of("connection_established", "note"), other.summary(), "no reply_to: it answers nothing there");
        assertEquals(List.of("connection_established"), own.summary());
        assertEquals(List.of("connection_established"), bob.summary());
        assertEquals(List.of(), opening.summary());
    }

    private ManagedConnection connection(String user, RecordingTransport transport, boolean ready) {
        ManagedConnection c = fixture.connection(transport, token(user, START.plusSeconds(3600)));
        registry.tryAdd(c);
        if (ready) {
            fixture.ready(c);
        } else {
            c.opened();
        }
        return c;
    }
}
