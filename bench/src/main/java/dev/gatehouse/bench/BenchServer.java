package dev.gatehouse.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.gatehouse.ConfigSource;
import dev.gatehouse.Gatehouse;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.spi.FrameHandler;
import jakarta.json.JsonObject;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The server JVM the runner forks: one Tyrus container on Grizzly with the Gatehouse endpoint at
 * {@code /ws} (an {@code echo} handler), the bare Tyrus echo endpoint at {@code /bare} and the
 * hand-written endpoint at {@code /hand} ({@link HandWrittenEndpoint}), same port, same thread pools.
 * Configured by {@code gatehouse.*} / {@code mp.jwt.*} system properties.
 *
 * <p>Control channel: prints {@code PORT <n>}, then answers one line per command read from stdin:
 * {@code cpu} (process CPU ns), {@code mem} (heap used after full GC and RSS, bytes),
 * {@code count} (open bare and hand-written sessions + Gatehouse connections), {@code join} (every
 * Gatehouse connection joins room {@code bench:fanout}), {@code fanout gh|bare|hand <k>} (k frames to
 * that room through {@code sendToRoom}, k times one pre-encoded string to every bare session in a
 * loop, or k of the hand-written endpoint's broadcasts to all its sessions), {@code quit}. A peer
 * server (the runner's peer column) speaks the same protocol.
 */
public final class BenchServer {
    private BenchServer() {
    }

    /** Held: a logger's level lasts only as long as the logger. */
    private static final java.util.logging.Logger LIFECYCLE = java.util.logging.Logger.getLogger("dev.gatehouse.lifecycle");

    public static void main(String[] args) throws IOException {
        // The per-connection close line (INFO) would be 10,000 lines a second on the runner's console.
        LIFECYCLE.setLevel(java.util.logging.Level.WARNING);
        Gatehouse gatehouse = Gatehouse.builder(ConfigSource.system())
                .handler(FrameHandler.of("echo", JsonObject.class, (data, ctx) -> ctx.reply("echo", data)))
                .build();
        GatehouseServer server = GatehouseServer.builder(gatehouse)
                .endpoint(ServerEndpointConfig.Builder.create(BareEcho.class, "/bare").build())
                .endpoint(ServerEndpointConfig.Builder.create(HandWrittenEndpoint.class, "/hand").build())
                .build().start();
        // The metrics rows' other side: the same handler on a Gatehouse whose meters are off, same JVM, second port.
        Gatehouse off = null;
        GatehouseServer offServer = null;
        if (Boolean.getBoolean("bench.metricsOffServer")) {
            off = Gatehouse.builder(ConfigSource.system())
                    .config(c -> c.metricsEnabled(false).metricsPrometheus(false).statusEnabled(false).port(0)) // no /metrics
                    .handler(FrameHandler.of("echo", JsonObject.class, (data, ctx) -> ctx.reply("echo", data)))
                    .build();
            offServer = GatehouseServer.builder(off).build().start();
        }
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.println("PORT " + server.port());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null;) {
            switch (line.trim()) {
                case "cpu" -> System.out.println("CPU " + os.getProcessCpuTime());
                case "mem" -> System.out.println("MEM " + heapAfterGc() + " " + rss());
                case "count" -> System.out.println("COUNT " + (BareEcho.OPEN.get() + HandWrittenEndpoint.SESSIONS.size()
                        + gatehouse.connections().count()
                        + (off == null ? 0 : off.connections().count())));
                case "port-off" -> System.out.println("PORT-OFF " + (offServer == null ? -1 : offServer.port()));
                case "join" -> System.out.println("JOINED " + gatehouse.connections().all().stream()
                        .filter(c -> c.rooms().join(FANOUT_ROOM).allowed()).count());
                case "fanout gh", "fanout bare", "fanout hand" -> System.out.println("ERR needs a count");
                case "quit" -> {
                    server.stop();
                    System.out.println("BYE");
                    System.out.flush();
                    System.exit(0);
                }
                default -> System.out.println(line.startsWith("fanout ") ? fanout(gatehouse, line) : "ERR " + line);
            }
            System.out.flush();
        }
        server.stop();
    }

    private static final String FANOUT_ROOM = "bench:fanout";
    private static final JsonObject FANOUT_DATA = jakarta.json.Json.createObjectBuilder()
            .add("text", "a message to everyone in the room").add("n", 1).build();

    /** {@code fanout gh|bare|hand <k>}: k sends to the room; answers when all are queued. */
    private static String fanout(Gatehouse gatehouse, String line) {
        String[] p = line.trim().split(" ");
        int k = Integer.parseInt(p[2]);
        long sent = 0;
        if (p[1].equals("gh")) {
            for (int i = 0; i < k; i++) {
                sent += gatehouse.connections().sendToRoom(FANOUT_ROOM, "fan", FANOUT_DATA);
            }
        } else if (p[1].equals("hand")) {
            for (int i = 0; i < k; i++) {
                sent += HandWrittenEndpoint.broadcast("fan", FANOUT_DATA);
            }
        } else {
            String frame = "{\"type\":\"fan\",\"data\":" + FANOUT_DATA + ",\"timestamp\":" + System.currentTimeMillis() / 1000.0 + "}";
            for (int i = 0; i < k; i++) {
                for (Session s : BareEcho.SESSIONS) {
                    s.getAsyncRemote().sendText(frame);
                    sent++;
                }
            }
        }
        return "SENT " + sent;
    }

    /** Heap in use after three full GCs, in bytes: what the idle rows and {@code CompressionCost} read. */
    static long heapAfterGc() {
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

    /** This process's resident memory in bytes, -1 where /proc does not say. */
    static long rss() {
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
