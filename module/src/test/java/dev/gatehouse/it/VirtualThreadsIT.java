package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ConfigurationException;
import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.testkit.ForkedServer;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code gatehouse.handler.virtual-threads}: on a JDK with virtual threads (21 or later, found
 * under {@code /usr/lib/jvm} or named by {@code GATEHOUSE_TEST_JDK21}) handlers run on them, with
 * the same time limits; on an older JDK the server refuses to start, naming the setting.
 */
class VirtualThreadsIT {
    /** Where the JDK image keeps its JDKs. */
    private static final Path JVMS = Path.of("/usr/lib/jvm");

    @Test
    void handlersRunOnVirtualThreadsOnAJdkThatHasThem() throws IOException {
        try (ForkedServer child = ForkedServer.start(jdk21(), Child.class);
                TestClient client = TestClient.connectWelcomed(URI.create("ws://127.0.0.1:" + child.port() + "/ws"),
                        TestServer.token("alice"))) {
            client.send("thread", "t", null);
            String thread = client.next().getJsonObject("data").getString("thread");
            assertTrue(thread.startsWith("VirtualThread") && thread.contains("gatehouse-worker-"), thread);
            client.send("sleepy", "s", null);
            client.send("thread", "t2", null);
            assertEquals("s", client.nextError("HANDLER_TIMEOUT").getString("reply_to"));
            assertEquals("t2", client.next().getString("reply_to"), "the time limit holds on virtual threads too");
        }
    }

    @Test
    void anOlderJdkRefusesToStartNamingTheSetting() {
        if (Runtime.version().feature() >= 21) {
            try (TestServer server = TestServer.start(c -> c.virtualThreads(true), g -> { })) {
                assertTrue(server.uri().getPort() > 0, "starts on JDK " + Runtime.version().feature());
            }
            return;
        }
        ConfigurationException refused = assertThrows(ConfigurationException.class,
                () -> TestServer.start(c -> c.virtualThreads(true), g -> { }).close());
        assertEquals("gatehouse.handler.virtual-threads", refused.property());
    }

    /** A JDK of version 21 or later, or a failure that says how to provide one. */
    private static Path jdk21() throws IOException {
        String named = System.getenv("GATEHOUSE_TEST_JDK21");
        if (named != null) {
            return Path.of(named);
        }
        Optional<Path> found = Optional.empty();
        if (Files.isDirectory(JVMS)) {
            try (Stream<Path> homes = Files.list(JVMS)) {
                found = homes.filter(home -> feature(home) >= 21).max(Comparator.comparing(VirtualThreadsIT::feature));
            }
        }
        return found.orElseThrow(() -> new AssertionError("No JDK 21 or later under " + JVMS
                + " for the virtual-thread test: install one (e.g. Temurin 25) or set GATEHOUSE_TEST_JDK21"));
    }

    /** The feature version a JDK's {@code release} file names, or 0. */
    private static int feature(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin").resolve("java"))) {
            return 0;
        }
        try {
            for (String line : Files.readAllLines(release)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(version.split("[.+-]")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /** The forked server: virtual threads, a handler that names its thread, one that outlives its limit. */
    public static final class Child {
        public static void main(String[] args) throws IOException {
            try (TestServer server = TestServer.start(c -> c.virtualThreads(true).handlerTimeout(Duration.ofMillis(500)), g -> g
                    .handler(FrameHandler.of("thread", JsonObject.class,
                            (d, ctx) -> ctx.reply("thread", Map.of("thread", Thread.currentThread().toString()))))
                    .handler(FrameHandler.of("sleepy", JsonObject.class, (d, ctx) -> Thread.sleep(5000))))) {
                ForkedServer.serve(server);
            }
        }
    }
}
