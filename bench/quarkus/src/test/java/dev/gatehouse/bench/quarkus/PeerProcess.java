package dev.gatehouse.bench.quarkus;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The peer's jar started as the benchmark starts it ({@code java -D... -jar quarkus-run.jar}), its
 * stderr in {@code target/<name>.log}, and its control channel. Every read waits at most 30 s.
 */
final class PeerProcess implements AutoCloseable {
    static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    final int port;

    PeerProcess(String name, Map<String, String> props) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m"));
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-jar", JAR.toString()));
        process = new ProcessBuilder(cmd).redirectError(Path.of("target", name + ".log").toFile()).start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        port = Integer.parseInt(readLine().replaceFirst("^PORT ", ""));
    }

    /** Sends one control command; its one-line answer. */
    String command(String command) throws Exception {
        in.println(command);
        return readLine();
    }

    /** The next line on stdout; fails after 30 s or when the process has ended. */
    String readLine() throws Exception {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            String l = line.get(30, TimeUnit.SECONDS);
            if (l == null) {
                throw new IllegalStateException("the peer exited (" + process.waitFor() + "); see its log in target/");
            }
            return l;
        } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException("no line from the peer within 30 s", e);
        }
    }

    /** Waits up to 30 s for the process to end; its exit code. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the peer did not exit within 30 s");
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            in.println("quit");
            try {
                if (process.waitFor(10, TimeUnit.SECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process.destroyForcibly();
        }
    }
}
