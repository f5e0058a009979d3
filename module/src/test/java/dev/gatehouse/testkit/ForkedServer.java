package dev.gatehouse.testkit;

import dev.gatehouse.GatehouseConfig;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A {@link TestServer} in a JVM of its own, for what a test must not do to its own process: run
 * out of file descriptors, or be killed. {@link #main} is the child; {@link #start} forks it, with
 * a shell prefix such as {@code ulimit -n 600}. The child prints {@code PORT <port> MAX <max-connections>}
 * and stops when its standard input closes.
 */
public final class ForkedServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final int maxConnections;

    private ForkedServer(Process process) throws IOException {
        this.process = process;
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("PORT ")) {
            process.destroyForcibly();
            throw new IOException("The forked server did not start: " + line);
        }
        String[] parts = line.split(" ");
        this.port = Integer.parseInt(parts[1]);
        this.maxConnections = Integer.parseInt(parts[3]);
    }

    /** Forks a server after running {@code shellPrefix} (for example {@code "ulimit -n 600"}) in its shell. */
    public static ForkedServer start(String shellPrefix) throws IOException {
        return start(shellPrefix, List.of());
    }

    /**
     * As {@link #start(String)}, with the class path entries whose file name contains one of
     * {@code without} left out: a server without an optional library.
     */
    public static ForkedServer start(String shellPrefix, List<String> without) throws IOException {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> without.stream().noneMatch(Path.of(entry).getFileName().toString()::contains))
                .collect(Collectors.joining(File.pathSeparator));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = shellPrefix + " && exec '" + java + "' -cp '" + classPath + "' "
                + ForkedServer.class.getName();
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", command));
        return new ForkedServer(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    /**
     * Forks {@code main} (a class whose {@code main} prints {@code PORT <port> MAX <max>} and runs until
     * its standard input closes) on the JDK at {@code javaHome}, with this JVM's class path.
     */
    public static ForkedServer start(Path javaHome, Class<?> main) throws IOException {
        String java = javaHome.resolve("bin").resolve("java").toString();
        return new ForkedServer(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), main.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    /** The port the child listens on, on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The child's {@code gatehouse.max-connections}, derived from its descriptor limit unless set. */
    public int maxConnections() {
        return maxConnections;
    }

    @Override
    public void close() throws IOException {
        end(process);
    }

    /** Ends a child that runs until its standard input closes: closes it, waits 10 s, then kills it. */
    public static void end(Process child) throws IOException {
        child.getOutputStream().close();
        try {
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The child: a test server with the default configuration, until standard input closes. */
    public static void main(String[] args) throws IOException {
        try (TestServer server = TestServer.start(c -> c, g -> { })) {
            serve(server);
        }
    }

    /** For a child's {@code main}: announces the server to the parent, then runs until standard input closes. */
    public static void serve(TestServer server) throws IOException {
        GatehouseConfig config = server.server().gatehouse().config();
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        out.println("PORT " + server.uri().getPort() + " MAX " + config.maxConnections());
        while (System.in.read() != -1) {
            // runs until the parent closes the pipe
        }
    }
}
