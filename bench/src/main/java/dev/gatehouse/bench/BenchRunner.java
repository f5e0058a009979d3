package dev.gatehouse.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.gatehouse.hazelcast.HazelcastEngine;
import dev.gatehouse.jms.JmsEngine;
import dev.gatehouse.redis.RedisEngine;
import dev.gatehouse.testkit.TestKeys;
import dev.gatehouse.testkit.cluster.Engine;
import dev.gatehouse.testkit.TestTokens;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;

/**
 * Runs Gatehouse beside the other {@link Column}s: the floor (bare Tyrus echo) and the hand-written
 * endpoint in the same forked server JVM as Gatehouse (see {@link BenchServer}), and the peer in its
 * own JVM next to it (both pinned to the same core, one measured at a time). Each row runs a warm-up
 * round and then rounds of one run per column, in an order that rotates from round to round; it
 * prints a Markdown table (also written next to the JSON, with {@code .md}) and writes JSON.
 *
 * <p>Settings (system properties): {@code bench.pairs} (3: the rounds), {@code bench.seconds} (3),
 * {@code bench.warm} (1), {@code bench.serverWarm} (20: the warm-up of each side before the first row on a newly
 * started server JVM, whose JIT on one core otherwise compiles through the first minute of rows), {@code bench.algs} (HS256,RS256,ES256), {@code bench.idle} (1000,10000),
 * {@code bench.tokens} (distinct tokens per algorithm for the rows other than fresh-token handshakes, 20000), {@code bench.out}
 * (bench-results.json), {@code bench.serverCpu} (0; "none" to not pin), {@code bench.serverHeap} (2g),
 * {@code bench.classpath} (this JVM's), {@code bench.scenarios} (all: hs,msg,fanout,idle,storm,cluster,history,metrics; {@code reconnect} for the
 * same-token rows alone; {@code storm}: {@code bench.storm} (10000) connections, each with its own token, dropped at
 * once and reconnecting at once, per algorithm; {@code metrics}: two Gatehouse instances in one server JVM, meters off
 * ({@code gatehouse.metrics.enabled=false}) in the "bare" column against meters on a Prometheus
 * registry ({@code gatehouse.metrics.prometheus=true}), for the HS256 handshake and message rows), {@code bench.fanout} (room sizes, 1000,10000),
 * {@code bench.engines} (the cluster rows' backplane engines: redis,hazelcast,jms), {@code bench.serverJvmArgs} (none), {@code bench.idle.histograms} (a folder for the idle rows' {@code jmap -histo:live}
 * of the server, per column; none), {@code bench.peer} (the peer's jar,
 * bench/quarkus/target/quarkus-app/quarkus-run.jar; "none", or a missing jar, leaves the peer column empty: "peer
 * not built"), {@code bench.runs} (a file to which each measured run appends a line: row, column, start and end in epoch
 * milliseconds, tab-separated, to cut a JFR recording of the server ({@code bench.serverJvmArgs}) per column; none).
 * The rows of cluster, history and metrics compare two set-ups in the floor and Gatehouse columns.
 */
public final class BenchRunner {
    static final String SECRET = "bench-secret-bench-secret-bench-secret-0123456789";

    private final int pairs = Integer.getInteger("bench.pairs", 3);
    private final long runNanos = secs(System.getProperty("bench.seconds", "3"));
    private final long warmNanos = secs(System.getProperty("bench.warm", "1"));
    private final long serverWarmNanos = secs(System.getProperty("bench.serverWarm", "20"));
    private final List<String> algs = List.of(System.getProperty("bench.algs", "HS256,RS256,ES256").split(","));
    private final List<Integer> idleCounts = List.of(System.getProperty("bench.idle", "1000,10000").split(","))
            .stream().map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf).toList();
    private final List<Integer> fanoutCounts = List.of(System.getProperty("bench.fanout", "1000,10000").split(","))
            .stream().map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf).toList();
    private final int asymmetricTokens = Integer.getInteger("bench.tokens", 20000);
    private final String scenarios = System.getProperty("bench.scenarios",
            "hs,msg,fanout,idle,storm,cluster,history,metrics");
    private final int stormCount = Integer.getInteger("bench.storm", 10_000);
    private final String peerSetting = System.getProperty("bench.peer", "bench/quarkus/target/quarkus-app/quarkus-run.jar");
    /** The peer's jar, or null when there is none to run. */
    private final Path peerJar = peerSetting.equals("none") || !Files.isRegularFile(Path.of(peerSetting)) ? null
            : Path.of(peerSetting);
    private final List<String> engines = List.of(System.getProperty("bench.engines", "redis,hazelcast,jms").split(","));
    /** Extra JVM options for the server, separated by spaces or by ';' (which survives BENCH_OPTS' word splitting). */
    /** Where each measured run is logged ({@code bench.runs}); null when unset. */
    private final Path runLog = System.getProperty("bench.runs") == null ? null : Path.of(System.getProperty("bench.runs"));
    private final List<String> serverJvmArgs = List.of(System.getProperty("bench.serverJvmArgs", "").split("[ ;]")).stream()
            .filter(a -> !a.isBlank()).toList();
    /** Where the idle rows write the server's heap histograms ({@code jmap -histo:live}), bare and Gatehouse; none when unset. */
    private final Path histograms = System.getProperty("bench.idle.histograms") == null ? null
            : Path.of(System.getProperty("bench.idle.histograms"));
    private final String serverCpu = System.getProperty("bench.serverCpu", "0");
    private final String serverHeap = System.getProperty("bench.serverHeap", "2g");
    private final String classpath = System.getProperty("bench.classpath", System.getProperty("java.class.path"));
    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final List<Scenario> results = new ArrayList<>();
    /** The driver's cores, read before the cross-node row unpins this JVM. */
    private final int driverCores = Runtime.getRuntime().availableProcessors();

    public static void main(String[] args) throws Exception {
        BenchRunner runner = new BenchRunner();
        runner.run(); // prints the table
    }

    private static long secs(String s) {
        return (long) (Double.parseDouble(s) * 1e9);
    }

    /**
     * Runs everything; prints the Markdown table, writes it and the JSON, and returns the table. A
     * scenario that fails ends the run, and the rows measured before it are written all the same.
     */
    String run() throws Exception {
        String pin = pinning();
        String table = null;
        try {
            measure(pin);
        } finally {
            table = table(pin);
            Path out = Path.of(System.getProperty("bench.out", "bench-results.json"));
            Files.writeString(out, json(pin));
            Path markdown = out.resolveSibling(out.getFileName().toString().replaceFirst("\\.json$", "") + ".md");
            Files.writeString(markdown, table);
            System.err.println("[bench] wrote " + out.toAbsolutePath() + " and " + markdown.toAbsolutePath());
            System.out.println(table);
        }
        return table;
    }

    private void measure(String pin) throws Exception {
        for (String alg : algs) {
            // The handshake rows mint their own fresh tokens; this pool serves the other rows (the idle
            // rows, on the first algorithm, open three times their count in all).
            Keys keys = Keys.forAlg(alg.trim(), asymmetricTokens
                    + (alg.equals(algs.get(0)) ? 3 * idleCounts.stream().mapToInt(Integer::intValue).sum() : 0));
            System.err.printf("[bench] %s: %d tokens ready%n", alg, keys.pool.size());
            try (ServerProcess bench = ServerProcess.benchServer(classpath, pin, serverHeap, keys.serverProps, serverJvmArgs);
                    ServerProcess peer = peerJar == null ? null
                            : ServerProcess.jar(peerJar, pin, serverHeap, keys.serverProps, serverJvmArgs)) {
                Servers servers = new Servers(bench, peer);
                coldServer = true;
                boolean first = alg.equals(algs.get(0));
                if (scenarios.contains("hs")) {
                    handshakes(servers, keys, 1);
                    handshakes(servers, keys, 50);
                }
                if ((scenarios.contains("hs") || scenarios.contains("reconnect")) && !alg.startsWith("HS")) {
                    reconnects(servers, keys);
                }
                if (scenarios.contains("storm")) {
                    storm(servers, keys);
                }
                if (first && scenarios.contains("msg")) {
                    messages(servers, keys, "round trip, 1 connection", 1, 1, "echo");
                    messages(servers, keys, "msgs/s, 100 conns x 1 in flight", 100, 1, "echo");
                    messages(servers, keys, "msgs/s, 100 conns x 8 in flight", 100, 8, "echo");
                }
                if (first && scenarios.contains("fanout")) {
                    for (int n : fanoutCounts) {
                        fanout(servers, keys, n);
                    }
                }
                if (first && scenarios.contains("idle")) {
                    for (int n : idleCounts) {
                        idle(servers, keys, n);
                    }
                }
            }
        }
        if (scenarios.contains("cluster")) {
            crossNode(Keys.forAlg("HS256", 1));
        }
        if (scenarios.contains("history")) {
            history(Keys.forAlg("HS256", 1));
        }
        if (scenarios.contains("metrics")) {
            metricsOnOff(pin, Keys.forAlg("HS256", asymmetricTokens));
        }
    }

    List<Scenario> results() {
        return results;
    }

    private String pinning() {
        if (serverCpu.equals("none") || Runtime.getRuntime().availableProcessors() < 1
                || !Files.isExecutable(Path.of("/usr/bin/taskset"))) {
            return null;
        }
        return serverCpu;
    }

    // ---- scenarios ----

    /** The server JVMs of one algorithm: the bench server (floor, hand-written, Gatehouse) and the peer's, or null. */
    private record Servers(ServerProcess bench, ServerProcess peer) {
        ServerProcess of(Column column) {
            return column == Column.PEER ? peer : bench;
        }

        /** The columns these servers serve. */
        List<Column> columns() {
            return peer == null ? List.of(Column.FLOOR, Column.HAND, Column.GATEHOUSE) : List.of(Column.values());
        }

        HandshakeDriver driver(Column column, TokenPool tokens, List<java.net.InetAddress> sources) {
            return new HandshakeDriver(of(column).port, column.path, column.welcomes, tokens, sources);
        }
    }

    /** The floor's token: one, the same for every connection (the floor reads none). */
    private static TokenPool tokens(Column column, TokenPool pool) {
        return column.welcomes ? pool : TokenPool.same(pool.next());
    }

    /**
     * Handshakes with a fresh token each: before each run of a column that verifies tokens, as many
     * new tokens are minted (outside the measured window) as the fastest run of the row so far (the
     * floor's, as a rule) could use in the run's time, with a margin, so that no token is presented
     * twice and none is a cache hit ("tokens reused" says otherwise).
     */
    private void handshakes(Servers servers, Keys keys, int concurrency) throws Exception {
        Scenario s = new Scenario("handshakes/s " + keys.alg + ", " + concurrency + " concurrent", "/s", false,
                servers.columns());
        double[] fastest = {0};
        rounds(s, column -> {
            // A cold server's long warm-up takes the shared pool: it warms the verifier with misses, then hits,
            // where minting a fresh token for each of its handshakes would take minutes for RS256.
            TokenPool tokens = !column.welcomes ? TokenPool.same(keys.pool.next()) : warmingCold ? keys.pool
                    : keys.fresh((int) (fastest[0] * current / 1e9 * 1.3) + 4 * concurrency + 1000);
            Measurement m = cycle(servers.of(column), servers.driver(column, tokens, List.of()), concurrency, tokens);
            fastest[0] = Math.max(fastest[0], m.value());
            return m;
        });
    }

    /**
     * The meters' cost: one server JVM serving two Gatehouse instances on two ports, meters off
     * (the "bare" column, {@code gatehouse.metrics.enabled=false}) and on a Prometheus registry
     * ({@code gatehouse.metrics.prometheus=true}); the same rows against each, in alternating pairs,
     * after {@code bench.metrics.warm} (15) seconds of each row on each.
     */
    private void metricsOnOff(String pin, Keys keys) throws Exception {
        Map<String, String> props = new java.util.HashMap<>(keys.serverProps);
        props.put("gatehouse.metrics.prometheus", "true");
        props.put("bench.metricsOffServer", "true");
        try (ServerProcess server = ServerProcess.benchServer(classpath, pin, serverHeap, props, serverJvmArgs)) {
            int offPort = server.metricsOffPort();
            String token = keys.pool.next();
            // A fresh JVM on one core compiles slowly: warm both instances well beyond the pairs' own warm-up.
            current = secs(System.getProperty("bench.metrics.warm", "15"));
            for (int port : new int[] {offPort, server.port}) {
                cycle(server, new HandshakeDriver(port, "/ws", true, keys.pool, List.of()), 50, keys.pool);
                messageRun(server, port, "/ws", token, 100, 8, "echo");
            }
            Scenario hs = new Scenario("metrics off (floor) → on (GH): handshakes/s HS256, 50 concurrent", "/s", false,
                    TWO_SIDED);
            rounds(hs, c -> cycle(server, new HandshakeDriver(c == Column.FLOOR ? offPort : server.port, "/ws", true,
                    keys.pool, List.of()), 50, keys.pool));
            Scenario msg = new Scenario("metrics off (floor) → on (GH): msgs/s, 100 conns x 8 in flight", "/s", false,
                    TWO_SIDED);
            rounds(msg, c -> messageRun(server, c == Column.FLOOR ? offPort : server.port, "/ws", token, 100, 8, "echo"));
            scrape(server.port, Path.of(System.getProperty("bench.metrics.scrape", "bench/target/metrics-after-bench.txt")));
        }
    }

    /** Keeps what {@code /metrics} of the metered instance says after the rows, for the record. */
    private static void scrape(int port, Path to) throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        Files.writeString(to, response.body());
        System.err.println("[bench] /metrics (" + response.statusCode() + ") written to " + to.toAbsolutePath());
    }

    private void reconnects(Servers servers, Keys keys) throws Exception {
        Scenario s = new Scenario("handshakes/s " + keys.alg + ", 50 concurrent, same token (reconnect)", "/s", false,
                servers.columns());
        TokenPool same = TokenPool.same(keys.pool.next());
        rounds(s, column -> cycle(servers.of(column), servers.driver(column, same, List.of()), 50, same));
    }

    /**
     * The reconnect storm: {@code bench.storm} connections, each with its own token (distinct users,
     * minted for the row and still valid), all dropped at once (RST), and once the server has closed
     * them all, all reconnecting at once with the same tokens. The figure is the time from the first
     * reconnect to the last welcome (the last 101 for the floor); the latency is each connection's,
     * from its connect; the server CPU is per reconnect.
     */
    private void storm(Servers servers, Keys keys) throws Exception {
        Scenario s = new Scenario(String.format(Locale.ROOT, "reconnect storm %s: ms until %,d dropped connections"
                + " are all welcomed again", keys.alg, stormCount), "ms", true, servers.columns());
        TokenPool stormTokens = keys.fresh(stormCount);
        List<java.net.InetAddress> sources = HandshakeDriver.loopbackSources(8);
        long timeout = TimeUnit.SECONDS.toNanos(120);
        rounds(s, column -> {
            ServerProcess server = servers.of(column);
            server.awaitCount(0, 30_000);
            TokenPool tokens = tokens(column, stormTokens.replay());
            int connected;
            try (HandshakeDriver.Held before = servers.driver(column, tokens, sources).hold(stormCount, 50, timeout)) {
                connected = before.opened;
            } // closing drops them all at once
            server.awaitCount(0, 30_000);
            long s0 = server.cpuNanos();
            long d0 = os.getProcessCpuTime();
            try (HandshakeDriver.Held storm = servers.driver(column, tokens.replay(), sources)
                    .hold(connected, connected, timeout)) {
                long d1 = os.getProcessCpuTime();
                long s1 = server.cpuNanos();
                double wall = Math.max(1, storm.readyNanos);
                return new Measurement(wall / 1e6, storm.latencyMicros.getValueAtPercentile(50),
                        storm.latencyMicros.getValueAtPercentile(99), (s1 - s0) / 1e3 / Math.max(1, storm.opened),
                        (s1 - s0) / wall, (d1 - d0) / wall, -1, storm.failed + (stormCount - connected), 0);
            }
        });
    }

    private Measurement cycle(ServerProcess server, HandshakeDriver d, int concurrency, TokenPool pool) throws Exception {
        server.awaitCount(0, 10_000);
        pool.takeReused();
        long s0 = server.cpuNanos();
        long d0 = os.getProcessCpuTime();
        HandshakeDriver.Cycle c = d.cycle(concurrency, current);
        long d1 = os.getProcessCpuTime();
        long s1 = server.cpuNanos();
        // the rate counts the window; CPU counts the window and the drain of the last handshakes after it
        double wall = c.wallNanos();
        double all = c.totalNanos();
        return new Measurement(c.completed() / (wall / 1e9), c.latencyMicros().getValueAtPercentile(50),
                c.latencyMicros().getValueAtPercentile(99), (s1 - s0) / 1e3 / Math.max(1, c.total()),
                (s1 - s0) / all, (d1 - d0) / all, -1, c.failed(), pool.takeReused());
    }

    /** Echo round trips, through each column's echo (Gatehouse's {@code echo} handler, the bare echo endpoint, ...). */
    private void messages(Servers servers, Keys keys, String name, int connections, int inFlight, String type)
            throws Exception {
        Scenario s = new Scenario(name, "/s", false, servers.columns());
        String token = keys.pool.next();
        rounds(s, column -> messageRun(servers.of(column), servers.of(column).port, column.path,
                column.welcomes ? token : null, connections, inFlight, type));
    }

    /**
     * One message run against {@code port} and {@code path}: an endpoint that takes the token and
     * welcomes, or the bare endpoint (token null).
     */
    private Measurement messageRun(ServerProcess server, int port, String path, String token, int connections,
            int inFlight, String type) throws Exception {
        URI uri = URI.create("ws://127.0.0.1:" + port + path);
        MessageDriver d = new MessageDriver(uri, token, token != null, type);
        server.awaitCount(0, 10_000);
        long[] cpu = new long[4];
        MessageDriver.Run r = d.runMeasured(connections, inFlight, warmNanos / 2, current, () -> {
            cpu[0] = server.cpuNanos();
            cpu[1] = os.getProcessCpuTime();
        }, () -> {
            cpu[2] = server.cpuNanos();
            cpu[3] = os.getProcessCpuTime();
        });
        double wall = r.wallNanos();
        Histogram h = r.rttMicros();
        return new Measurement(r.replies() / (wall / 1e9), h.getValueAtPercentile(50), h.getValueAtPercentile(99),
                (cpu[2] - cpu[0]) / 1e3 / Math.max(1, r.replies()), (cpu[2] - cpu[0]) / wall,
                (cpu[3] - cpu[1]) / wall, -1, 0, 0);
    }

    /**
     * One node, a room of {@code n} connections: {@code sendToRoom} against bare Tyrus sending one
     * pre-encoded string to the same number of sessions in a loop, the hand-written endpoint's
     * broadcast (encoded once, sent to every session) and the peer's group; 200,000 frames delivered
     * per run. The rate counts frames the clients received; CPU is the server's per delivered frame.
     */
    private void fanout(Servers servers, Keys keys, int n) throws Exception {
        Scenario s = new Scenario("fan-out frames/s, 1 publish to a room of " + n + " connections", "/s", false,
                servers.columns());
        int k = Math.max(1, 200_000 / n);
        boolean saved = skipWarm;
        skipWarm = true;
        rounds(s, column -> {
            ServerProcess server = servers.of(column);
            server.awaitCount(0, 30_000);
            HandshakeDriver d = servers.driver(column, tokens(column, keys.pool), HandshakeDriver.loopbackSources(8));
            try (HandshakeDriver.Held held = d.hold(n, 50, TimeUnit.SECONDS.toNanos(120))) {
                if (column == Column.GATEHOUSE || column == Column.PEER) {
                    server.joinFanoutRoom();
                }
                long warm = held.textFrames(); // read before the sends: their frames may all be in before they return
                awaitFrames(held, warm + server.fanout(column, Math.max(1, k / 10))); // warm the path
                long base = held.textFrames();
                long s0 = server.cpuNanos();
                long t0 = System.nanoTime();
                long queued = server.fanout(column, k);
                awaitFrames(held, base + queued);
                long wall = System.nanoTime() - t0;
                long s1 = server.cpuNanos();
                long got = held.textFrames() - base;
                return new Measurement(got / (wall / 1e9), -1, -1, (s1 - s0) / 1e3 / Math.max(1, got),
                        (s1 - s0) / (double) wall, 0, -1, queued - got, keys.pool.takeReused());
            }
        });
        skipWarm = saved;
    }

    /**
     * Two nodes on each backplane engine of {@code bench.engines}, started by this run: node A's
     * {@code sendToRoom} to a member on node B at 1,000 publishes/s against the engine's backplane
     * alone (p99 in µs, lower is better), and the fan-out of A's sends to 100 members on B against
     * the same members on A (frames/s). Everything in this JVM, unpinned.
     */
    private void crossNode(Keys keys) throws Exception {
        unpin(); // two nodes, the engine and the clients: the rows are about the path between them, not one core
        for (String name : engines) {
            try (CrossNode cluster = new CrossNode(engine(name), SECRET)) {
                Scenario latency = new Scenario("cross-node latency p99 µs at 1,000 publishes/s over " + name
                        + " (floor: its backplane alone)", "µs", true, TWO_SIDED);
                rounds(latency, c -> c == Column.FLOOR ? cluster.bareLatency(1000, current)
                        : cluster.latency(keys.pool.next(), 1000, current));
                Scenario fanOut = new Scenario("cross-node fan-out frames/s over " + name
                        + ", 2,000 sends to 100 members on the other node (floor: on the sending node)", "/s", false,
                        TWO_SIDED);
                boolean saved = skipWarm;
                skipWarm = true;
                rounds(fanOut, c -> cluster.fanOut(keys.pool, c == Column.FLOOR, 100, 2000));
                skipWarm = saved;
            }
        }
    }

    /** An engine of {@code bench.engines}, started. */
    private static Engine engine(String name) {
        return switch (name) {
            case "redis" -> RedisEngine.onFreePort();
            case "hazelcast" -> HazelcastEngine.threeMembers();
            case "jms" -> JmsEngine.onFreePort();
            default -> throw new IllegalArgumentException("bench.engines: no engine " + name + " (redis, hazelcast, jms)");
        };
    }

    /**
     * Room history over Redis (two nodes in this JVM, unpinned as the cross-node row): the delivery
     * p99 and CPU per publish with history on against off, at 1,000 and 10,000 publishes/s; the
     * time to recover 100 and 1,000 missed frames against the time they take live.
     */
    private void history(Keys keys) throws Exception {
        unpin();
        try (HistoryCost cost = new HistoryCost(SECRET)) {
            for (int rate : new int[] {1000, 10_000}) {
                Scenario s = new Scenario(String.format(Locale.ROOT,
                        "room publish over Redis at %,d/s: delivery p99 µs, history on (floor: off)", rate), "µs", true,
                        TWO_SIDED);
                rounds(s, c -> cost.publish(c == Column.GATEHOUSE, keys.pool.next(), rate, current));
            }
            for (int missed : new int[] {100, 1000}) {
                Scenario s = new Scenario(String.format(Locale.ROOT,
                        "recovery of %,d missed frames, ms (floor: the same frames live)", missed), "ms", true, TWO_SIDED);
                rounds(s, c -> cost.recover(c == Column.FLOOR, keys.pool.next(), missed));
            }
        }
    }

    /** Lets this JVM (every thread) and what it starts use every core again, as taskset pinned it to one. */
    private static void unpin() throws Exception {
        if (Files.isExecutable(Path.of("/usr/bin/taskset")) && Files.isExecutable(Path.of("/usr/bin/nproc"))) {
            Process nproc = new ProcessBuilder("/usr/bin/nproc", "--all").start();
            String all = new String(nproc.getInputStream().readAllBytes()).trim();
            new ProcessBuilder("/usr/bin/taskset", "-a", "-p", "-c", "0-" + (Integer.parseInt(all) - 1),
                    String.valueOf(ProcessHandle.current().pid())).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start().waitFor();
        }
    }

    private static void awaitFrames(HandshakeDriver.Held held, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (held.textFrames() < expected && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    private void idle(Servers servers, Keys keys, int n) throws Exception {
        Scenario s = new Scenario("heap/idle connection after full GC, " + n + " connections", "B/conn", true,
                servers.columns());
        boolean saved = skipWarm;
        skipWarm = true;
        rounds(s, column -> {
            ServerProcess server = servers.of(column);
            server.awaitCount(0, 30_000);
            long[] m0 = server.memory();
            HandshakeDriver d = servers.driver(column, tokens(column, keys.pool), HandshakeDriver.loopbackSources(8));
            try (HandshakeDriver.Held held = d.hold(n, 50, TimeUnit.SECONDS.toNanos(120))) {
                Thread.sleep(300);
                long[] m1 = server.memory();
                int ok = Math.max(1, held.opened);
                if (histograms != null) {
                    histogram(server, histograms.resolve("histo-" + column.key() + "-" + n + ".txt"));
                }
                return new Measurement((m1[0] - m0[0]) / (double) ok, -1, -1, -1, 0, 0,
                        (m1[1] - m0[1]) / (double) ok, held.failed, keys.pool.takeReused());
            }
        });
        skipWarm = saved;
    }

    /** {@code jmap -histo:live} of the server while it holds the connections (after the measurement: it runs a full GC). */
    private static void histogram(ServerProcess server, Path to) throws Exception {
        Files.createDirectories(to.toAbsolutePath().getParent());
        Process jmap = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jmap").toString(),
                "-histo:live", String.valueOf(server.pid())).redirectErrorStream(true).redirectOutput(to.toFile()).start();
        if (!jmap.waitFor(120, TimeUnit.SECONDS)) {
            jmap.destroyForcibly();
        }
        System.err.println("[bench] heap histogram written to " + to.toAbsolutePath());
    }

    // ---- rounds ----

    /** The columns of the rows that compare two set-ups of one thing rather than Gatehouse with its alternatives. */
    private static final List<Column> TWO_SIDED = List.of(Column.FLOOR, Column.GATEHOUSE);

    private interface Run {
        Measurement run(Column column) throws Exception;
    }

    private long current;
    private boolean skipWarm;
    /** Whether no row has run yet on the server JVM: its first warm-up is {@code bench.serverWarm} long. */
    private boolean coldServer;
    /** Whether the current run is a cold server's warm-up. */
    private boolean warmingCold;

    /**
     * A warm-up round (unless {@link #skipWarm}), then {@code bench.pairs} rounds of one run per
     * column; round {@code i} starts at column {@code i} of the row's, so each column takes each
     * place in turn (two columns alternate).
     */
    private void rounds(Scenario s, Run run) throws Exception {
        System.err.println("[bench] " + s.name);
        List<Column> columns = s.columns;
        if (!skipWarm) {
            current = coldServer ? serverWarmNanos : warmNanos;
            warmingCold = coldServer;
            coldServer = false;
            for (Column c : columns) {
                run.run(c);
            }
            warmingCold = false;
        }
        current = runNanos;
        for (int i = 0; i < pairs; i++) {
            for (int j = 0; j < columns.size(); j++) {
                Column c = columns.get((i + j) % columns.size());
                long start = System.currentTimeMillis();
                s.add(c, run.run(c));
                if (runLog != null) {
                    Files.writeString(runLog, s.name + "\t" + c + "\t" + start + "\t" + System.currentTimeMillis() + "\n",
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            }
        }
        results.add(s);
        System.err.println("[bench]   " + s.row());
    }

    // ---- output ----

    private String table(String pin) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT,
                "%d rounds × %.1f s after a warm-up round, columns in rotating order (%.0f s a column on a newly started"
                        + " server); %s; %s; %s; JDK %s; %d driver cores%n%n",
                pairs, runNanos / 1e9, serverWarmNanos / 1e9, peer(),
                pin == null ? "not pinned" : "servers on core " + pin + ", driver on the others",
                ZonedDateTime.now().withNano(0), System.getProperty("java.version"), driverCores));
        t.append(Scenario.header()).append('\n');
        results.forEach(s -> t.append(s.row()).append('\n'));
        return t.toString();
    }

    /** What the peer column is: its jar, or why it is empty. */
    private String peer() {
        return peerJar != null ? "peer: " + peerJar
                : "peer not built" + (peerSetting.equals("none") ? " (bench.peer=none)" : " (no " + peerSetting + ")");
    }

    private String json(String pin) {
        return "{\"date\":\"" + ZonedDateTime.now().withNano(0) + "\",\"rounds\":" + pairs + ",\"seconds\":"
                + runNanos / 1e9 + ",\"peer\":" + (peerJar == null ? "null" : "\"" + peerJar + "\"")
                + ",\"server_cpu\":\"" + pin + "\",\"java\":\"" + System.getProperty("java.version")
                + "\",\"scenarios\":[\n" + results.stream().map(Scenario::json).collect(Collectors.joining(",\n"))
                + "\n]}\n";
    }

    // ---- keys and tokens ----

    /**
     * A key for the server's configuration, a pool of distinct tokens signed with it, and a way to
     * mint more that no pool has held (subjects numbered on from the pool's).
     */
    record Keys(String alg, Map<String, String> serverProps, TokenPool pool, java.util.function.IntFunction<String> sign,
            java.util.concurrent.atomic.AtomicInteger minted) {
        /** {@code n} tokens never handed out before, minted now (in parallel). */
        TokenPool fresh(int n) {
            int from = minted.getAndAdd(n);
            return new TokenPool(IntStream.range(from, from + n).parallel().mapToObj(sign).toArray(String[]::new));
        }

        static Keys forAlg(String alg, int tokens) {
            Map<String, String> props = new LinkedHashMap<>();
            props.put("gatehouse.host", "127.0.0.1");
            props.put("gatehouse.port", "0");
            props.put("gatehouse.path", "/ws");
            // The reconnect rows open 50 at a time with one token: a cost measurement, not the per-user policy.
            props.put("gatehouse.max-connections-per-user", "0");
            // Sized for the storm's 10,000 users and the other rows' tokens, as a node serving that many sizes it
            // (the default, 10,000, would evict some of the storm's tokens before they reconnect).
            props.put("gatehouse.auth.cache-size", "50000");
            java.util.function.IntFunction<String> sign;
            if (alg.startsWith("HS")) {
                props.put("gatehouse.jwt.secret", SECRET);
                sign = i -> TestTokens.hs256(SECRET).subject("user" + i).expiresIn(Duration.ofHours(2)).compact();
            } else {
                KeyPair pair = switch (alg) {
                    case "RS256" -> TestKeys.rsa();
                    case "ES256" -> TestKeys.ec256();
                    case "EdDSA" -> TestKeys.ed25519();
                    default -> throw new IllegalArgumentException("bench.algs: unknown " + alg);
                };
                props.put("mp.jwt.verify.publickey", TestKeys.pem(pair.getPublic()).replace("\n", ""));
                sign = i -> TestTokens.signedWith(pair.getPrivate(), alg).subject("user" + i)
                        .expiresIn(Duration.ofHours(2)).compact();
            }
            String[] pool = IntStream.range(0, tokens).parallel().mapToObj(sign).toArray(String[]::new);
            return new Keys(alg, props, new TokenPool(pool), sign, new java.util.concurrent.atomic.AtomicInteger(tokens));
        }
    }
}
