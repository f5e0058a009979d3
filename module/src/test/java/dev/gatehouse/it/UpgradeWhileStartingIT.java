package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.Gatehouse;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.testkit.RawUpgrade;
import dev.gatehouse.testkit.TestServer;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Ready means ready: the port opens only once the endpoint is deployed. */
class UpgradeWhileStartingIT {

    @Test
    void anUpgradeSentTheMomentThePortOpensIsUpgradedNeverA404() throws Exception {
        for (int round = 0; round < 5; round++) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            URI uri = URI.create("ws://127.0.0.1:" + port + "/ws");
            String token = TestServer.token("alice");
            List<Integer> statuses = new CopyOnWriteArrayList<>();
            Thread knocker = new Thread(() -> {
                while (statuses.isEmpty()) {
                    try {
                        statuses.add(RawUpgrade.send(uri, Map.of("Authorization", "Bearer " + token)).status());
                    } catch (UncheckedIOException refused) {
                        Thread.onSpinWait(); // the port is not open yet
                    }
                }
            });
            knocker.start();
            Gatehouse gatehouse = Gatehouse.builder()
                    .config(GatehouseConfig.builder().hmacSecret(TestServer.SECRET).build()).build();
            GatehouseServer server = GatehouseServer.builder(gatehouse).port(port).build().start();
            try {
                knocker.join(10_000);
                assertTrue(!statuses.isEmpty(), "no answer");
                assertEquals(101, statuses.get(0), "round " + round);
            } finally {
                server.stop();
            }
        }
    }
}
