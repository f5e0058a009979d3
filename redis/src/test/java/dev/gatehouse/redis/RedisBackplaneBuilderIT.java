package dev.gatehouse.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import dev.gatehouse.redis.internal.RedisSettings;
import dev.gatehouse.spi.Backplane;
import dev.gatehouse.spi.BackplaneProvider;
import dev.gatehouse.testkit.cluster.ClusterNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backplane built with {@link RedisBackplane#builder()} on a real redis-server, signed in as an
 * ACL user whose password is in a file: two such backplanes (one starting from a
 * {@link ConfigSource} whose bad values its typed setters replace) connect and carry a room's
 * messages from one to the other; a wrong password in the file is refused at build naming the
 * file's property, without the password.
 */
class RedisBackplaneBuilderIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PASSWORD = "typed-acl-pw-91c";

    @Test
    void typedBackplanesSignInWithAPasswordFileAndDeliverAcrossTwoNodes(@TempDir Path dir) throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            String ok = redis.command("ACL", "SETUSER", "gatehouse", "on", ">" + PASSWORD, "~typed:*", "&typed:*",
                    "+@all");
            assertTrue(ok.startsWith("+OK"), ok);
            Path file = Files.writeString(dir.resolve("redis-password"), PASSWORD + "\n");
            ConfigSource bad = ConfigSource.of(Map.of(RedisSettings.URI, "redis://127.0.0.1:1",
                    RedisSettings.TIMEOUT, "-1s", RedisSettings.CHANNEL_PREFIX, "not a prefix"));
            Backplane x = typed(RedisBackplane.builder(), redis, file).build(node("x"));
            Backplane y = typed(RedisBackplane.builder(bad), redis, file).build(node("y"));
            RedisBackplaneIT.Recorder rx = new RedisBackplaneIT.Recorder();
            RedisBackplaneIT.Recorder ry = new RedisBackplaneIT.Recorder();
            try {
                x.start(rx);
                y.start(ry);
                ClusterNodes.await("both connected", WAIT, () -> x.connected() && y.connected());
                y.subscribe("room:typed");
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (!ry.on("room:typed").contains("hello")) {
                    assertTrue(System.nanoTime() < deadline, "nothing crossed from x to y");
                    x.publish("room:typed", "hello");
                    ClusterNodes.pause(20);
                }
                String log = redis.command("ACL", "LOG");
                assertEquals("*0\r\n", log, "Redis refused the typed user something: " + log);
            } finally {
                x.close();
                y.close();
            }

            Files.writeString(file, "wrong-" + PASSWORD);
            ConfigurationException refused = assertThrows(ConfigurationException.class,
                    () -> typed(RedisBackplane.builder(), redis, file).build(node("z")));
            assertEquals(RedisSettings.PASSWORD_FILE, refused.property(), refused.getMessage());
            assertFalse(refused.getMessage().contains(PASSWORD), refused.getMessage());
        }
    }

    private static RedisBackplane.Builder typed(RedisBackplane.Builder b, RedisServer redis, Path passwordFile) {
        return b.uri(redis.uri()).username("gatehouse").passwordFile(passwordFile).channelPrefix("typed")
                .timeout(Duration.ofSeconds(2));
    }

    private static BackplaneProvider.Node node(String id) {
        return new BackplaneProvider.Node(id, Duration.ofSeconds(30));
    }
}
