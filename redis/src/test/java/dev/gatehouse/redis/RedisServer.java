package dev.gatehouse.redis;

import static org.junit.jupiter.api.Assertions.fail;

import dev.gatehouse.testkit.cluster.ClusterNodes;
import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} process on 127.0.0.1 and a free port, without persistence (or with an
 * append-only file, {@link #withAppendOnlyFile}), for the
 * tests: it can be killed (SIGKILL) and started again on the same port, and is always destroyed
 * (by {@link #close} and, failing that, at JVM exit). The binary is
 * {@code -Dgatehouse.test.redis-server=/path}, by default {@code /usr/bin/redis-server}; a missing
 * binary fails the test, it never skips it.
 */
public final class RedisServer implements AutoCloseable {
    private static final String PROPERTY = "gatehouse.test.redis-server";

    private final String binary;
    private final int port;
    private final String password;
    private final Path log;
    private final boolean cluster;
    /** Arguments after the defaults (TLS, replication, cluster, sentinel mode), each start. */
    private final List<String> extra;
    /** Written to {@code <log dir>/redis-<port>.conf} before the first start and given first, or null. */
    private final String config;
    private boolean configWritten;
    /** The directory of the append-only file, or null for none. */
    private Path dataDir;
    /** The working directory of a server without an append-only file. */
    private Path workDir;
    private volatile Process process;
    private final Thread reaper = new Thread(this::destroy, "redis-server-reaper");

    private RedisServer(String binary, int port, String password) throws IOException {
        this(binary, port, password, false);
    }

    private RedisServer(String binary, int port, String password, boolean cluster) throws IOException {
        this(binary, port, password, cluster, List.of(), null);
    }

    private RedisServer(String binary, int port, String password, boolean cluster, List<String> extra, String config)
            throws IOException {
        this.binary = binary;
        this.port = port;
        this.password = password;
        this.cluster = cluster;
        this.extra = List.copyOf(extra);
        this.config = config;
        Path dir = Path.of("target", "redis-logs");
        Files.createDirectories(dir);
        this.log = dir.resolve("redis-" + port + ".log");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts a server without a password. */
    public static RedisServer start() {
        return start(null);
    }

    /** Starts a server; with {@code password}, {@code --requirepass}. */
    static RedisServer start(String password) {
        return onPort(freePort(), password);
    }

    /** A server on a given port. */
    static RedisServer onPort(int port, String password) {
        try {
            RedisServer r = new RedisServer(binary(), port, password);
            r.restart();
            return r;
        } catch (IOException e) {
            throw new AssertionError("redis-server did not start: " + e, e);
        }
    }

    /**
     * A one-node Redis Cluster: cluster mode on, every slot assigned to this node, so that Redis
     * enforces what a cluster enforces (one slot per sharded command and per script's keys)
     * without routing between shards.
     */
    static RedisServer singleNodeCluster() {
        try {
            RedisServer r = new RedisServer(binary(), freePort(), null, true);
            r.restart();
            String added = r.command("CLUSTER", "ADDSLOTSRANGE", "0", "16383");
            if (!added.startsWith("+OK")) {
                throw new AssertionError("CLUSTER ADDSLOTSRANGE: " + added);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!r.command("CLUSTER", "INFO").contains("cluster_state:ok")) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the one-node cluster is not ok: " + r.command("CLUSTER", "INFO"));
                }
                ClusterNodes.pause(50);
            }
            return r;
        } catch (IOException e) {
            throw new AssertionError("redis-server did not start: " + e, e);
        }
    }

    /**
     * A server that writes every command to an append-only file before answering it
     * ({@code appendonly yes}, {@code appendfsync always}) in a fresh directory under
     * {@code target/redis-data}, and reloads it when started again after {@link #kill}: nothing it
     * answered is lost.
     */
    static RedisServer withAppendOnlyFile() {
        try {
            RedisServer r = new RedisServer(binary(), freePort(), null);
            r.dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "redis-data")),
                    "aof-" + r.port + "-").toAbsolutePath();
            r.restart();
            return r;
        } catch (IOException e) {
            throw new AssertionError("redis-server did not start: " + e, e);
        }
    }

    /**
     * A server on a given port started with more arguments after the defaults (for example
     * {@code --replicaof}, {@code --tls-port}, {@code --cluster-enabled}); the plain port always
     * answers PING, which is how the start is awaited.
     */
    static RedisServer withArgs(int port, String password, List<String> args) {
        try {
            RedisServer r = new RedisServer(binary(), port, password, false, args, null);
            r.restart();
            return r;
        } catch (IOException e) {
            throw new AssertionError("redis-server did not start: " + e, e);
        }
    }

    /**
     * A Sentinel ({@code redis-server <file> --sentinel}) on a given port, its configuration file
     * written from {@code config} once (Sentinel rewrites it as it learns the set).
     */
    static RedisServer sentinel(int port, String password, String config) {
        try {
            RedisServer r = new RedisServer(binary(), port, password, false, List.of("--sentinel"),
                    "port " + port + "\nbind 127.0.0.1\nprotected-mode no\n" + config);
            r.restart();
            return r;
        } catch (IOException e) {
            throw new AssertionError("redis-sentinel did not start: " + e, e);
        }
    }

    /** The log directory's path for a file of this server, e.g. its cluster configuration. */
    Path file(String name) {
        return log.resolveSibling(name).toAbsolutePath();
    }

    /** A server object for a free port that is not started yet: the port refuses connections. */
    static RedisServer notStarted() {
        try {
            return new RedisServer(binary(), freePort(), null);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String binary() {
        return executable("redis-server", System.getProperty(PROPERTY, ""), "redis-server",
                ", or point -D" + PROPERTY + "=/path/to/redis-server at one");
    }

    /** {@code redis-cli}, beside the redis-server in use or else where {@link #executable} looks. */
    static String cli() {
        return executable("redis-cli", Path.of(binary()).resolveSibling("redis-cli").toString(), "redis-tools", "");
    }

    /**
     * An executable: {@code first} when given, else {@code /usr/bin/<name>}, else the first on the
     * PATH. None fails the test, naming the Debian package that installs it.
     *
     * @param hint what else would do, appended to the failure's message
     */
    static String executable(String name, String first, String debianPackage, String hint) {
        List<String> candidates = new ArrayList<>();
        if (first != null && !first.isBlank()) {
            candidates.add(first);
        }
        candidates.add("/usr/bin/" + name);
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            candidates.add(dir + "/" + name);
        }
        for (String c : candidates) {
            if (new File(c).canExecute()) {
                return c;
            }
        }
        return fail("No " + name + " binary: install the Debian package " + debianPackage + " (apt-get install "
                + debianPackage + ")" + hint + " (looked at " + candidates.get(0) + " and on the PATH)");
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Whether nothing listens on this port of 127.0.0.1 now. */
    static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.isBound();
        } catch (IOException e) {
            return false;
        }
    }

    /** A fresh path in the log directory (deleted if it exists), for a node's own files. */
    static String freeFile(String name) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "redis-logs"));
            Path file = dir.resolve(name).toAbsolutePath();
            Files.deleteIfExists(file);
            return file.toString();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Whether the process runs. */
    boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}, with the password when the server has one. */
    public String uri() {
        return password == null ? uri(null) : uri(password);
    }

    /** The URI with a given password (null for none). */
    String uri(String pass) {
        return "redis://" + (pass == null ? "" : ":" + pass + "@") + "127.0.0.1:" + port;
    }

    /** Starts the process (again, after {@link #kill}) on the same port and waits until it answers. */
    synchronized RedisServer restart() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(binary));
        if (config != null) {
            Path file = file("redis-" + port + ".conf");
            if (!configWritten) {
                Files.writeString(file, config);
                configWritten = true;
            }
            cmd.add(file.toString());
        }
        cmd.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--protected-mode", "no", "--daemonize", "no"));
        if (dataDir == null) {
            // A directory of its own: a replica writes the RDB of a full sync there, which a later server
            // started in the same directory would load.
            if (workDir == null) {
                workDir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "redis-data")),
                        "run-" + port + "-").toAbsolutePath();
            }
            cmd.addAll(List.of("--appendonly", "no", "--dir", workDir.toString()));
        } else {
            cmd.addAll(List.of("--appendonly", "yes", "--appendfsync", "always", "--dir", dataDir.toString()));
        }
        if (password != null && config == null) {
            cmd.add("--requirepass");
            cmd.add(password);
        }
        if (cluster) {
            Path nodes = log.resolveSibling("nodes-" + port + ".conf");
            Files.deleteIfExists(nodes);
            cmd.addAll(List.of("--cluster-enabled", "yes", "--cluster-config-file", nodes.toAbsolutePath().toString()));
        }
        cmd.addAll(extra);
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with " + process.exitValue() + "; see " + log);
            }
            if (answers()) {
                return this;
            }
            ClusterNodes.pause(20);
        }
        throw new IOException("redis-server did not answer on port " + port + " within 10 s; see " + log);
    }

    /** SIGKILL: the server vanishes without closing anything politely. */
    synchronized void kill() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** SIGSTOP: the server keeps its connections open and answers nothing, like a hung host. */
    void freeze() {
        signal("-STOP");
    }

    /** SIGCONT after {@link #freeze}. */
    void thaw() {
        signal("-CONT");
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill " + signal + " failed");
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Whether a PING is answered (+PONG, or -NOAUTH with a password). */
    private boolean answers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(500);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[64];
            int n = in.read(buf);
            String answer = n > 0 ? new String(buf, 0, n, StandardCharsets.US_ASCII) : "";
            return answer.startsWith("+PONG") || answer.startsWith("-NOAUTH");
        } catch (IOException e) {
            return false;
        }
    }

    /** Sends one command (RESP, as an array of bulk strings) and returns the raw reply, for assertions. */
    public String command(String... args) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(2000);
            StringBuilder req = new StringBuilder();
            if (password != null) {
                req.append("*2\r\n$4\r\nAUTH\r\n$").append(password.length()).append("\r\n").append(password).append("\r\n");
            }
            req.append('*').append(args.length).append("\r\n");
            for (String a : args) {
                req.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
            }
            s.getOutputStream().write(req.toString().getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            InputStream in = new BufferedInputStream(s.getInputStream());
            String auth = password == null ? "" : reply(in);
            return (auth.equals("+OK\r\n") ? "" : auth) + reply(in);
        } catch (IOException e) {
            throw new AssertionError("Redis command " + args[0] + " failed: " + e, e);
        }
    }

    /** One whole RESP2 reply, as it came. */
    private static String reply(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the reply ended early: " + line);
            }
            line.append((char) b);
        }
        String head = line.append('\n').toString();
        int n = head.charAt(0) == '$' || head.charAt(0) == '*' ? Integer.parseInt(head.substring(1).trim()) : -1;
        if (head.charAt(0) == '$' && n >= 0) {
            return head + new String(in.readNBytes(n + 2), StandardCharsets.UTF_8);
        }
        StringBuilder out = new StringBuilder(head);
        for (int i = 0; head.charAt(0) == '*' && i < n; i++) {
            out.append(reply(in));
        }
        return out.toString();
    }

    private void destroy() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
        }
    }

    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException | IllegalArgumentException exitingOrClosed) {
            // the hook runs anyway
        }
    }
}
