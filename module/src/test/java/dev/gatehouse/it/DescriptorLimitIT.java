package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.testkit.ForkedServer;
import dev.gatehouse.testkit.RawUpgrade;
import dev.gatehouse.testkit.RawWebSocket;
import dev.gatehouse.testkit.TestServer;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server whose process may open only 600 files holds connections up to its derived
 * {@code gatehouse.max-connections}, answers every connection beyond it with 503 at once, and stays
 * responsive at and past the limit. Regression: at the descriptor limit a new client's connect
 * succeeded and then nothing came, the server spun at 100 % CPU and logged nothing.
 */
class DescriptorLimitIT {
    private static final int FILE_LIMIT = 600;

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void serverAtItsDescriptorLimitRefusesCleanlyAndKeepsServingItsConnections() throws Exception {
        List<RawWebSocket> held = new ArrayList<>();
        try (ForkedServer server = ForkedServer.start("ulimit -n " + FILE_LIMIT)) {
            URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/ws");
            int max = server.maxConnections();
            assertTrue(max > 0 && max < FILE_LIMIT, "derived limit " + max);
            for (int i = 0; i < max; i++) {
                held.add(RawWebSocket.connect(uri, TestServer.token("fd-" + i)));
            }
            for (int i = 0; i < 50; i++) { // well past the limit: every one is answered, none hangs
                RawUpgrade.Response r = RawUpgrade.send(uri, Map.of("Authorization", "Bearer " + TestServer.token("fd-x" + i)));
                assertEquals(503, r.status(), r.raw());
                assertTrue(r.body().contains("CONNECTION_LIMIT"), r.raw());
                assertTrue(r.elapsed().compareTo(Duration.ofSeconds(1)) < 0, "answered after " + r.elapsed());
            }
            RawWebSocket first = held.get(0);
            assertTrue(first.next().text().contains("connection_established"));
            first.sendText("{\"type\":\"ping\",\"id\":\"still-there\"}");
            assertTrue(first.next().text().contains("still-there"), "a held connection still answers");
            closeAll(held.subList(0, 5));
            assertEquals(101, upgradeWithin(uri, Duration.ofSeconds(5)).status(), "room freed by a close is usable");
        } finally {
            closeAll(held);
        }
    }

    private static RawUpgrade.Response upgradeWithin(URI uri, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        RawUpgrade.Response r;
        do {
            r = RawUpgrade.send(uri, Map.of("Authorization", "Bearer " + TestServer.token("fd-late")));
        } while (r.status() == 503 && System.nanoTime() < deadline);
        return r;
    }

    private static void closeAll(List<RawWebSocket> sockets) {
        for (RawWebSocket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing a test's own socket; the server side is what is asserted
            }
        }
    }
}
