package dev.gatehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatehouse.spi.InProcessCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gatehouse.cluster.secret}: a node on a backplane (any but {@link InProcessCluster}) does not
 * start without it or with one shorter than 32 bytes, naming the property, and closes the backplane;
 * it is read from a file too; the secret appears in no refusal.
 */
class ClusterSecretTest {
    private static final String JWT_SECRET = "0123456789abcdef0123456789abcdef";
    private static final String SHORT = "a secret of 31 bytes, one short";

    private static ConfigurationException refused(Map<String, String> settings, StorelessBackplane backplane) {
        return assertThrows(ConfigurationException.class, () -> {
            GatehouseConfig config = GatehouseConfig.from(ConfigSource.of(settings)).hmacSecret(JWT_SECRET).build();
            Gatehouse.builder().config(config).backplane(backplane).build().shutdown(java.time.Duration.ZERO);
        });
    }

    @Test
    void aNodeOnABackplaneWithoutTheSecretDoesNotStartNamingItAndClosesTheBackplane() {
        StorelessBackplane backplane = new StorelessBackplane();
        ConfigurationException e = refused(Map.of(), backplane);
        assertEquals("gatehouse.cluster.secret", e.property());
        assertEquals(1, backplane.closes.get(), "the refused backplane was not closed");
    }

    @Test
    void aSecretShorterThan32BytesIsRefusedWithoutShowingIt() {
        ConfigurationException e = refused(Map.of("gatehouse.cluster.secret", SHORT), new StorelessBackplane());
        assertEquals("gatehouse.cluster.secret", e.property());
        assertFalse(e.getMessage().contains(SHORT), e.getMessage());
        ConfigurationException accepted = refused(Map.of("gatehouse.cluster.secret", SHORT + "!",
                "gatehouse.cluster.secret.accepted", SHORT), new StorelessBackplane());
        assertEquals("gatehouse.cluster.secret.accepted", accepted.property());
    }

    @Test
    void theSecretIsReadFromAFileAndOnlyOneOfTheTwoIsSet(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("secret"), "a mounted secret of at least 32 bytes\n");
        GatehouseConfig config = GatehouseConfig.from(ConfigSource.of(Map.of("gatehouse.cluster.secret-file",
                file.toString()))).build();
        assertEquals("a mounted secret of at least 32 bytes", config.clusterSecret().orElseThrow());

        ConfigurationException both = assertThrows(ConfigurationException.class, () -> GatehouseConfig.from(
                ConfigSource.of(Map.of("gatehouse.cluster.secret-file", file.toString(),
                        "gatehouse.cluster.secret", "x".repeat(32)))).build());
        assertEquals("gatehouse.cluster.secret-file", both.property());

        ConfigurationException missing = refused(Map.of("gatehouse.cluster.secret-file",
                dir.resolve("absent").toString()), new StorelessBackplane());
        assertEquals("gatehouse.cluster.secret-file", missing.property());
    }

    @Test
    void nodesInOneJvmNeedNoSecret() {
        Gatehouse g = Gatehouse.builder().config(GatehouseConfig.builder().hmacSecret(JWT_SECRET).build())
                .backplane(new InProcessCluster().node()).build();
        try {
            assertEquals("in-process", g.clusterStatus().engine());
        } finally {
            g.shutdown(java.time.Duration.ZERO);
        }
    }
}
