package dev.gatehouse.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A forked server JVM, pinned to its own core where possible, and its control channel: the
 * {@link BenchServer} or a peer's jar that speaks the same protocol on stdin/stdout. A thread reads
 * the server's stdout all the time: answers go to a queue the commands take them from, anything
 * else (a framework's log lines) to this JVM's stderr, so a chatty server never blocks on a full
 * pipe. Commands are synchronized: one command, one answer.
 */
final class ServerProcess implements AutoCloseable {
    private static final Set<String> ANSWERS = Set.of("PORT", "PORT-OFF", "CPU", "MEM", "COUNT", "JOINED", "SENT",
            "BYE", "ERR");
    /** The end of the server's stdout, in the answer queue. */
    private static final String EOF = "EOF";

    private final Process process;
    private final PrintWriter in;
    private final BlockingQueue<String> answers = new ArrayBlockingQueue<>(16);
    final int port;

    private ServerProcess(Process process) throws IOException {
        this.process = process;
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readOutput, "server-" + process.pid() + "-stdout");
        reader.setDaemon(true);
        reader.start();
        this.port = Integer.parseInt(expect("PORT")[0]);
    }

    /** Forks {@link BenchServer} with this class path. */
    static ServerProcess benchServer(String classpath, String cpu, String heap, Map<String, String> props,
            List<String> extraJvmArgs) throws IOException {
        return start(cpu, heap, props, extraJvmArgs, List.of("-cp", classpath, BenchServer.class.getName()));
    }

    /** Forks {@code java ... -jar jar}: a peer server speaking the control protocol. */
    static ServerProcess jar(java.nio.file.Path jar, String cpu, String heap, Map<String, String> props,
            List<String> extraJvmArgs) throws IOException {
        return start(cpu, heap, props, extraJvmArgs, List.of("-jar", jar.toString()));
    }

    /**
     * Forks the server.
     *
     * @param cpu the core to pin it to, or null for none
     * @param heap the -Xms and -Xmx value
     * @param props system properties (Gatehouse configuration)
     * @param launch what to run: class path and main class, or {@code -jar} and a jar
     */
    private static ServerProcess start(String cpu, String heap, Map<String, String> props, List<String> extraJvmArgs,
            List<String> launch) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (cpu != null) {
            cmd.addAll(List.of("taskset", "-c", cpu));
        }
        cmd.addAll(List.of(Path.javaBin(), "-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC"));
        cmd.addAll(extraJvmArgs);
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(launch);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        return new ServerProcess(pb.start());
    }

    private void readOutput() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null;) {
                int space = line.indexOf(' ');
                if (ANSWERS.contains(space < 0 ? line.trim() : line.substring(0, space))) {
                    answers.put(line);
                } else {
                    System.err.println(line);
                }
            }
        } catch (IOException e) {
            // the server is gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            answers.offer(EOF);
        }
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

    /** Joins every connection to the fan-out room (Gatehouse's, or the peer's group); how many joined. */
    synchronized int joinFanoutRoom() throws IOException {
        in.println("join");
        return Integer.parseInt(expect("JOINED")[0]);
    }

    /** {@code k} fan-out sends of the column's kind ({@link Column#fanout}); how many frames were queued. */
    synchronized long fanout(Column column, int k) throws IOException {
        in.println("fanout " + column.fanout + " " + k);
        return Long.parseLong(expect("SENT")[0]);
    }

    /** Open connections of all endpoints. */
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

    /** The next answer, which must carry {@code tag}; its words after the tag. */
    private String[] expect(String tag) throws IOException {
        String line;
        try {
            line = answers.poll(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + tag, e);
        }
        if (line == null || line.equals(EOF)) {
            answers.offer(EOF);
            throw new IOException("server " + (line == null ? "silent" : "exited") + " while waiting for " + tag);
        }
        if (!line.startsWith(tag + " ")) {
            throw new IOException("server answered '" + line + "' where " + tag + " was due");
        }
        return line.substring(tag.length() + 1).trim().split(" ");
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
