package dev.gatehouse.it.war;

import dev.gatehouse.testkit.cluster.ClusterNodes;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code payara-micro.jar} process (the one the build copies to {@code target/payara-micro.jar})
 * deploying one WAR on a free HTTP port of its own, for the tests that need Payara Micros started
 * as an operator starts them rather than as the Arquillian adapter does. Its output goes to
 * {@code target/payara-micro-logs/<name>.log}, whose end every failure here quotes; waits are bounded;
 * {@link #close} (and, failing that, JVM exit) destroys it and any process it started.
 */
final class PayaraMicroProcess implements AutoCloseable {
    /** As long as the Arquillian adapter waits ({@code startupTimeoutInSeconds} in arquillian.xml). */
    static final Duration STARTUP = Duration.ofSeconds(240);
    private static final int TAIL = 6_000;

    private final String name;
    private final int httpPort;
    private final Path log;
    private final Process process;
    private final Thread reaper = new Thread(this::destroy, "payara-micro-reaper");

    private PayaraMicroProcess(String name, int httpPort, Path log, Process process) {
        this.name = name;
        this.httpPort = httpPort;
        this.log = log;
        this.process = process;
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Starts {@code java <jvmOptions> -jar target/payara-micro.jar --deploy war --port <free> <options>},
     * its temporary files (the unpacked runtime) under {@code target}, without phoning home.
     */
    static PayaraMicroProcess start(String name, File war, List<String> jvmOptions, List<String> options) {
        File jar = new File("target/payara-micro.jar");
        if (!jar.isFile()) {
            throw new IllegalStateException("No " + jar.getAbsolutePath() + " (maven-dependency-plugin copies it)");
        }
        int httpPort = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + new File("target").getAbsolutePath()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.getAbsolutePath(), "--deploy", war.getAbsolutePath(),
                "--port", Integer.toString(httpPort), "--disablephonehome"));
        command.addAll(options);
        try {
            Path log = Files.createDirectories(Path.of("target", "payara-micro-logs")).resolve(name + ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            return new PayaraMicroProcess(name, httpPort, log, process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A free port on loopback now (another process may take it before it is used: rare, and visible). */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until its output holds {@code marker}, at most {@link #STARTUP}; fails at once if the
     * process exits first, and quotes the output's end either way.
     */
    PayaraMicroProcess awaitOutput(String marker) {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!output().contains(marker)) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited (" + process.exitValue() + ") before printing \"" + marker
                        + "\"" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " did not print \"" + marker + "\" within " + STARTUP + tail());
            }
            ClusterNodes.pause(200);
        }
        return this;
    }

    /** Waits until Payara Micro printed {@code Payara Micro <version> ready in …}: its deployment is done. */
    PayaraMicroProcess awaitReady() {
        return awaitOutput(" ready in ");
    }

    /** {@code http://127.0.0.1:<port>/<context>/}. */
    URL base(String context) {
        try {
            return new URL("http://127.0.0.1:" + httpPort + "/" + context + "/");
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The end of its output, to add to a failure's message. */
    String tail() {
        String out = output();
        return "\n--- end of " + log.toAbsolutePath() + " ---\n" + out.substring(Math.max(0, out.length() - TAIL));
    }

    private String output() {
        try {
            return Files.readString(log, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        destroy();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    /** Asks it and its children to stop (Payara Micro shuts down on SIGTERM), then kills what is left after 30 s. */
    private void destroy() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                tree.forEach(ProcessHandle::destroyForcibly);
            }
        } catch (InterruptedException e) {
            tree.forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", http " + httpPort + ")";
    }
}
