package dev.gatehouse.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs every benchmark scenario for a fraction of a second with tiny counts, so the benchmark
 * never rots. Asserts that each produced sane numbers, never how fast they are.
 */
class BenchSmokeIT {

    @Test
    void everyScenarioRunsAndProducesSaneNumbers() throws Exception {
        Path out = Path.of("target", "bench-smoke.json");
        System.setProperty("bench.pairs", "1");
        System.setProperty("bench.seconds", "0.3");
        System.setProperty("bench.warm", "0.2");
        System.setProperty("bench.serverWarm", "0.2");
        System.setProperty("bench.metrics.warm", "0.2");
        System.setProperty("bench.metrics.scrape", Path.of("target", "metrics-after-smoke.txt").toString());
        System.setProperty("bench.algs", "HS256,ES256");
        System.setProperty("bench.idle", "50");
        System.setProperty("bench.fanout", "50");
        System.setProperty("bench.tokens", "300");
        System.setProperty("bench.out", out.toString());
        System.setProperty("bench.serverHeap", "256m");
        System.setProperty("bench.classpath", Path.of("target", "gatehouse-bench.jar").toString());

        BenchRunner runner = new BenchRunner();
        String table = runner.run();

        List<Scenario> scenarios = runner.results();
        // 4 handshake, 1 reconnect, 3 message, 1 fan-out, 1 idle, 2 cross-node per engine, 4 history, 2 metrics off → on
        assertEquals(16 + 2 * 3, scenarios.size(), table); // engines: redis, hazelcast, jms
        for (Scenario s : scenarios) {
            assertEquals(1, s.bare.size(), s.name);
            assertEquals(1, s.gatehouse.size(), s.name);
            for (Measurement m : List.of(s.bare.get(0), s.gatehouse.get(0))) {
                assertTrue(m.value() > 0 && Double.isFinite(m.value()), s.name + ": " + m);
                assertEquals(0, m.failures(), s.name + ": " + m);
                if (m.p50Micros() >= 0) {
                    assertTrue(m.p50Micros() <= m.p99Micros(), s.name + ": " + m);
                }
                if (m.serverCpuMicrosPerOp() != -1) {
                    assertTrue(m.serverCpuMicrosPerOp() > 0, s.name + ": " + m);
                }
            }
        }
        assertTrue(table.contains("| scenario |"), table);
        assertTrue(Files.readString(out).contains("\"scenarios\""));
        assertTrue(Files.readString(Path.of("target", "metrics-after-smoke.txt")).contains("gatehouse_handshakes_total"),
                "the metered instance's /metrics is kept after the rows");
    }
}
