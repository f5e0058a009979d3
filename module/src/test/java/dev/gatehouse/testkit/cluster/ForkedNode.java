package dev.gatehouse.testkit.cluster;

import dev.gatehouse.GatehouseServer;
import dev.gatehouse.testkit.ForkedServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Gatehouse node ({@link ClusterNodes#start}) in a JVM of its own, on the test class path, so a
 * test can kill it abruptly ({@link #kill}: SIGKILL, no shutdown, no presence removed).
 * {@link #main} is the child: its settings come as {@code key=value} arguments; it prints
 * {@code PORT <port>} once its backplane is connected (or after 20 s) and stops when its standard
 * input closes.
 */
public final class ForkedNode implements AutoCloseable {
    private final Process process;
    private final int port;

    private ForkedNode(Process process) throws IOException {
        this.process = process;
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        while (line != null && !line.startsWith("PORT ")) { // an engine's own output, before the node's line
            System.err.println("[forked node] " + line);
            line = out.readLine();
        }
        if (line == null) {
            process.destroyForcibly();
            throw new IOException("The forked node ended before it started");
        }
        this.port = Integer.parseInt(line.substring(5).trim());
        Thread drain = new Thread(() -> { // the child never blocks on a full pipe
            try {
                for (String l = out.readLine(); l != null; l = out.readLine()) {
                    System.err.println("[forked node] " + l);
                }
            } catch (IOException ended) {
                // the child is gone
            }
        }, "forked-node-output");
        drain.setDaemon(true);
        drain.start();
    }

    /** Forks a node with these settings and waits until its backplane is connected. */
    public static ForkedNode start(Map<String, String> settings) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx192m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), ForkedNode.class.getName()));
        settings.forEach((k, v) -> cmd.add(k + "=" + v));
        return new ForkedNode(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    /** The node's endpoint. */
    public URI uri() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    /** SIGKILL. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            ForkedServer.end(process);
        }
    }

    /** The child. */
    public static void main(String[] args) throws IOException {
        Map<String, String> settings = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            settings.put(a.substring(0, eq), a.substring(eq + 1));
        }
        GatehouseServer server = ClusterNodes.start(settings);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!server.gatehouse().clusterStatus().connected() && System.nanoTime() < deadline) {
                ClusterNodes.pause(20);
            }
            PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
            out.println("PORT " + server.port());
            while (System.in.read() != -1) {
                // runs until the parent closes the pipe
            }
        } finally {
            server.stop();
        }
    }
}
