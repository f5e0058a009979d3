package dev.gatehouse.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A well-behaved client beside misbehaving ones: every 20 ms a round trip (a protocol {@code ping},
 * or an {@code echo} frame through the application's handlers), each one timed. A suite asserts
 * that the neighbour stayed within a bound while something else misbehaved, and writes its
 * percentiles. Runs on its own thread; close it after the suite.
 */
public final class Neighbour implements AutoCloseable {
    /** What one round trip is. */
    public enum Trip {
        /** A protocol {@code ping}, answered without any handler. */
        PING,
        /** A frame of type {@code echo}, answered by the application's echo handler (reply type {@code echo}). */
        ECHO
    }

    private final TestClient client;
    private final Trip trip;
    private final Thread loop;
    private final List<Long> allMicros = new ArrayList<>();
    private final List<Long> scenarioMicros = new ArrayList<>();
    private volatile boolean running = true;
    private volatile Throwable failure;
    private int sent;

    /** Starts the round trips on a welcomed client. */
    public Neighbour(TestClient client, Trip trip) {
        this.client = client;
        this.trip = trip;
        this.loop = new Thread(this::run, "neighbour");
        loop.setDaemon(true);
        loop.start();
    }

    private void run() {
        try {
            while (running) {
                long start = System.nanoTime();
                if (trip == Trip.PING) {
                    client.assertOpen();
                } else {
                    String id = "n" + sent++;
                    client.send("echo", id, null);
                    JsonObject answer = client.next();
                    assertEquals(id, answer.getString("reply_to", null), answer.toString());
                }
                record((System.nanoTime() - start) / 1000);
                Thread.sleep(20);
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    private synchronized void record(long micros) {
        allMicros.add(micros);
        scenarioMicros.add(micros);
    }

    /** Starts a scenario: {@link #assertHealthy} looks at the round trips from here on. */
    public synchronized void startScenario() {
        scenarioMicros.clear();
    }

    /**
     * Every round trip since {@link #startScenario} (at least a few) was answered within
     * {@code bound} (a liveness bound, not a speed target).
     */
    public void assertHealthy(Duration bound) {
        long deadline = System.nanoTime() + Duration.ofMillis(200).toNanos();
        while (scenarioCount() < 3 && System.nanoTime() < deadline && failure == null) {
            Thread.onSpinWait();
        }
        if (failure != null) {
            throw new AssertionError("The neighbour stopped getting answers", failure);
        }
        long worst;
        synchronized (this) {
            worst = scenarioMicros.stream().mapToLong(Long::longValue).max().orElse(0);
        }
        assertTrue(worst < bound.toNanos() / 1000, "the neighbour waited " + worst + " µs for an answer");
    }

    /** {@return the 99th percentile of the round trips since {@link #startScenario}, in µs} */
    public synchronized long scenarioP99Micros() {
        return percentile(scenarioMicros.stream().sorted().toList(), 0.99);
    }

    private synchronized int scenarioCount() {
        return scenarioMicros.size();
    }

    /** {@return the round trips so far: count, p50, p99 and worst} */
    public synchronized String summary(String during) {
        List<Long> sorted = allMicros.stream().sorted().toList();
        if (sorted.isEmpty()) {
            return "no round trips";
        }
        return String.format("neighbour %s round trips during %s: n=%d p50=%d µs p99=%d µs max=%d µs",
                trip.name().toLowerCase(java.util.Locale.ROOT), during, sorted.size(), percentile(sorted, 0.5),
                percentile(sorted, 0.99), sorted.get(sorted.size() - 1));
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * p)));
    }

    /** Stops the round trips and closes the client. */
    @Override
    public void close() {
        running = false;
        try {
            loop.join(TestClient.WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
    }
}
