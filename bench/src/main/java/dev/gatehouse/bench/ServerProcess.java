package dev.gatehouse.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A forked {@link BenchServer} JVM, pinned to its own core where possible, and its control channel. */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    final int port;

    private ServerProcess(Process process) throws IOException {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.port = Integer.parseInt(expect("PORT")[0]);
    }

    /**
     * Forks the server.
     *
     * @param cpu the core to pin it to, or null for none
     * @param heap the -Xmx value
     * @param props system properties (Gatehouse configuration)
     */
    static ServerProcess start(String classpath, String cpu, String heap, Map<String, String> props,
            List<String> extraJvmArgs) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (cpu != null) {
            cmd.addAll(List.of("taskset", "-c", cpu));
        }
        cmd.addAll(List.of(Path.javaBin(), "-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC", "-cp", classpath));
        cmd.addAll(extraJvmArgs);
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add(BenchServer.class.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        return new ServerProcess(pb.start());
    }

    long pid() {
        return process.pid();
    }

    /** The port of the second Gatehouse, whose meters are off ({@code bench.metricsOffServer}). */
    synchronized int metricsOffPort() throws IOException {
        in.println("port-off");
        return Integer.parseInt(expect("PORT-OFF")[0]);
    }

    /** Process CPU time in ns. */
    synchronized long cpuNanos() throws IOException {
        in.println("cpu");
        return Long.parseLong(expect("CPU")[0]);
    }

    /** {heap used after full GC, RSS} in bytes. */
    synchronized long[] memory() throws IOException {
        in.println("mem");
        String[] v = expect("MEM");
        return new long[] {Long.parseLong(v[0]), Long.parseLong(v[1])};
    }

    /** Joins every Gatehouse connection to the fan-out room; how many joined. */
    synchronized int joinFanoutRoom() throws IOException {
        in.println("join");
        return Integer.parseInt(expect("JOINED")[0]);
    }

    /** {@code k} fan-out sends on Gatehouse or bare; how many frames were queued. */
    synchronized long fanout(boolean bare, int k) throws IOException {
        in.println("fanout " + (bare ? "bare " : "gh ") + k);
        return Long.parseLong(expect("SENT")[0]);
    }

    /** Open connections of both endpoints. */
    synchronized int count() throws IOException {
        in.println("count");
        return Integer.parseInt(expect("COUNT")[0]);
    }

    /** Waits until at most {@code n} connections are open, up to {@code millis}. */
    void awaitCount(int n, long millis) throws IOException, InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (count() > n && System.currentTimeMillis() < end) {
            Thread.sleep(50);
        }
    }

    private String[] expect(String tag) throws IOException {
        for (String line; (line = out.readLine()) != null;) {
            if (line.startsWith(tag + " ")) {
                return line.substring(tag.length() + 1).trim().split(" ");
            }
            // anything else the server prints (Grizzly's INFO lines go to stderr) is ignored
        }
        throw new IOException("server exited while waiting for " + tag);
    }

    @Override
    public void close() throws IOException {
        try {
            in.println("quit");
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Where the running JVM's java launcher is. */
    static final class Path {
        static String javaBin() {
            return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }
    }
}
