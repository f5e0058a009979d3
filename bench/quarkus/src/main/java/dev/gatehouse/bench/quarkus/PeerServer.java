package dev.gatehouse.bench.quarkus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.OperatingSystemMXBean;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.quarkus.vertx.http.HttpServer;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * The peer's process as the benchmark runs it: {@code java -jar target/quarkus-app/quarkus-run.jar}
 * with the system properties it gives every server, and the same control channel as its Gatehouse
 * server.
 *
 * <p>Keys: {@code gatehouse.jwt.secret} (an HS256 secret, its UTF-8 bytes the key) becomes SmallRye
 * JWT's {@code smallrye.jwt.verify.secretkey}, which takes symmetric keys only as a JWK, with
 * {@code smallrye.jwt.verify.algorithm=HS256}; {@code mp.jwt.verify.publickey} (PEM) is SmallRye's
 * own setting, and when {@code mp.jwt.verify.publickey.algorithm} is not given it is set to the one
 * algorithm that fits the key (RS256 for RSA, ES256/384/512 by the curve, EdDSA for Ed25519), as
 * Gatehouse accepts what fits the key: SmallRye would otherwise assume RS256. Both are mapped in
 * {@link #main}, before Quarkus reads its configuration; neither key, or both, and it does not start.
 * Nothing else of Gatehouse's ({@code gatehouse.host}, {@code gatehouse.port}, ...) is read: the
 * server listens on 127.0.0.1 at an ephemeral port unless {@code quarkus.http.host} or
 * {@code quarkus.http.port} say otherwise.
 *
 * <p>Threads: Quarkus' own, unchanged: Vert.x event loops, twice the processors the JVM sees (two
 * when pinned to one core), serve the HTTP upgrade, the token check and every callback of
 * {@link EchoSocket}; the control thread below only reads counters and queues fan-out writes, which
 * Vert.x hands to each connection's event loop.
 *
 * <p>Control channel: prints {@code PORT <n>} once the server listens, then answers one line per
 * command on stdin: {@code cpu} (process CPU ns), {@code mem} (heap used after full GC, and RSS, in
 * bytes), {@code count} (open WebSocket connections), {@code join} (every open connection becomes
 * the fan-out set), {@code fanout peer <k>} (k fan frames to each of that set, queued, not awaited;
 * each encoded once for all), {@code quit} ({@code BYE}, then Quarkus stops and the process exits 0).
 * Quarkus logs to stderr (application.properties), so stdout holds only these answers.
 */
@QuarkusMain
public class PeerServer implements QuarkusApplication {

    @Inject
    HttpServer http;

    @Inject
    OpenConnections connections;

    @Inject
    ObjectMapper json;

    /** The fan-out set: written and read by the control thread only. */
    private List<WebSocketConnection> joined = List.of();

    public static void main(String... args) {
        mapKeys(System.getProperties());
        Quarkus.run(PeerServer.class, args);
    }

    /** Puts the benchmark's key settings where SmallRye JWT reads them; settings already there win. */
    static void mapKeys(Properties props) {
        String secret = props.getProperty("gatehouse.jwt.secret");
        String publicKey = props.getProperty("mp.jwt.verify.publickey");
        if ((secret == null) == (publicKey == null)) {
            throw new IllegalStateException("set exactly one of gatehouse.jwt.secret and mp.jwt.verify.publickey");
        }
        if (secret != null) {
            props.putIfAbsent("smallrye.jwt.verify.secretkey", Keys.octetJwk(secret));
            props.putIfAbsent("smallrye.jwt.verify.algorithm", "HS256");
        } else {
            props.putIfAbsent("mp.jwt.verify.publickey.algorithm", Keys.algorithmFitting(publicKey));
        }
    }

    @Override
    public int run(String... args) throws IOException {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.println("PORT " + http.getPort());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null;) {
            String command = line.trim();
            switch (command) {
                case "cpu" -> System.out.println("CPU " + os.getProcessCpuTime());
                case "mem" -> System.out.println("MEM " + heapAfterGc() + " " + rss());
                case "count" -> System.out.println("COUNT " + connections.listAll().size());
                case "join" -> {
                    joined = List.copyOf(connections.listAll());
                    System.out.println("JOINED " + joined.size());
                }
                case "quit" -> {
                    System.out.println("BYE");
                    System.out.flush();
                    return 0;
                }
                default -> System.out.println(command.startsWith("fanout peer ")
                        ? "SENT " + fanout(Integer.parseInt(command.substring("fanout peer ".length()).trim()))
                        : "ERR " + command);
            }
            System.out.flush();
        }
        return 0;
    }

    /** {@code k} fan frames to every joined connection still open; how many were queued. */
    private long fanout(int k) throws JsonProcessingException {
        long sent = 0;
        for (int i = 0; i < k; i++) {
            String frame = json.writeValueAsString(Frames.Fan.now());
            for (WebSocketConnection c : joined) {
                if (c.isOpen()) {
                    c.sendText(frame).subscribe().with(ok -> { }, failure -> { }); // a closed peer: nothing to do
                    sent++;
                }
            }
        }
        return sent;
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long rss() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
