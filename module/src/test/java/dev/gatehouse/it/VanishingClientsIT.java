package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.Connection;
import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.spi.LifecycleListener;
import dev.gatehouse.testkit.LogCapture;
import dev.gatehouse.testkit.RawWebSocket;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Clients that vanish (a TCP reset, no close frame) while the server writes to them are ordinary
 * closes: each connection logs its close line and at most one more line, and nothing at WARNING
 * with a stack trace (a benchmark's driver that stopped once logged a hundred {@code Broken pipe}
 * traces within a second).
 */
class VanishingClientsIT {
    /** The close line as README "Logs" shows it: {@code closed 1000 - after 5321 ms: user alice, frames in 12, out 14}. */
    private static final Pattern CLOSE_LINE =
            Pattern.compile("\\] closed \\d{4} .+ after \\d+ ms: user \\S+, frames in \\d+, out \\d+$");
    private static final int CLIENTS = 8;
    /** Frames the server sends each client: megabytes, more than the sockets' buffers, within the send queue. */
    private static final int CHUNKS = 600;

    @Test
    void clientsThatVanishMidWriteLogNoWarningWithAStackTrace() throws IOException {
        String chunk = "x".repeat(16 * 1024);
        FrameHandler<JsonObject> stream = FrameHandler.of("stream", JsonObject.class, (data, ctx) -> {
            for (int i = 0; i < CHUNKS && ctx.connection().send("chunk", Map.of("x", chunk)); i++) {
                // send until done or refused
            }
        });
        Set<String> closed = ConcurrentHashMap.newKeySet();
        LifecycleListener closes = new LifecycleListener() {
            @Override
            public void onClosed(Connection connection, int code, String reason) {
                closed.add(connection.id());
            }
        };
        try (LogCapture logs = LogCapture.of("dev.gatehouse");
             TestServer server = TestServer.start(g -> g.handler(stream).listener(closes))) {
            List<RawWebSocket> peers = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                RawWebSocket peer = RawWebSocket.connect(server.uri(), TestServer.token("vanishing-" + i));
                ids.add(connectionId(peer.next().text()));
                peer.sendText("{\"type\":\"stream\"}");
                peers.add(peer);
            }
            for (RawWebSocket peer : peers) {
                assertEquals(0x1, peer.next().opcode(), "the first chunk: the server is writing");
            }
            for (RawWebSocket peer : peers) {
                peer.abort();
            }

            awaitClosed(closed, ids);
            quietPeriod(); // a write that fails after the close is reported later, on Grizzly's thread
            for (String id : ids) {
                List<String> lines = logs.matching(r -> mentions(r, id)).stream().map(LogCapture::describe).toList();
                assertTrue(lines.stream().anyMatch(l -> CLOSE_LINE.matcher(l).find()),
                        id + " logged no close line as the README shows it (no digit grouping): " + lines);
                assertTrue(lines.size() <= 2, id + " logged more than its close and one line: " + lines);
                assertTrue(logs.matching(r -> mentions(r, id) && r.getLevel().intValue() >= Level.WARNING.intValue()).isEmpty(),
                        id + " logged a warning: " + lines);
            }
            List<String> traces = logs.matching(r -> r.getThrown() != null && r.getLevel().intValue() >= Level.WARNING.intValue())
                    .stream().map(LogCapture::describe).toList();
            assertEquals(List.of(), traces, "warnings with a stack trace");
        }
    }

    private static String connectionId(String welcome) {
        int at = welcome.indexOf("\"connection_id\":\"");
        assertTrue(at >= 0, welcome);
        int from = at + "\"connection_id\":\"".length();
        return welcome.substring(from, welcome.indexOf('"', from));
    }

    private static boolean mentions(LogRecord record, String id) {
        Object[] parameters = record.getParameters();
        return record.getMessage().contains("[" + id + "]")
                || parameters != null && parameters.length > 0 && id.equals(String.valueOf(parameters[0]));
    }

    /** Waits, ignoring interrupts, until every connection closed; fails after {@link TestClient#WAIT}. */
    private static void awaitClosed(Set<String> closed, List<String> ids) {
        long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
        while (!closed.containsAll(ids) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        assertTrue(closed.containsAll(ids), "closed " + closed + " of " + ids);
    }

    private static void quietPeriod() {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        while (System.nanoTime() < end) {
            LockSupport.parkNanos(end - System.nanoTime());
        }
    }
}
