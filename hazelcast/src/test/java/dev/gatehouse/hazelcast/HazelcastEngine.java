package dev.gatehouse.hazelcast;

import dev.gatehouse.hazelcast.internal.HazelcastSettings;
import dev.gatehouse.testkit.cluster.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Hazelcast cluster of three embedded members on free loopback ports as a backplane engine: each
 * node is a client of it ({@code instance=client} from a configuration file). Stopping kills every
 * member at once (no goodbye, as a crash); starting runs them again on their ports, empty. Used by
 * the behaviour suite and the bench.
 */
public final class HazelcastEngine implements Engine {
    private final Members members;
    private final Path dir;
    private final Path clientConfig;

    private HazelcastEngine(Members members, Path dir, Path clientConfig) {
        this.members = members;
        this.dir = dir;
        this.clientConfig = clientConfig;
    }

    /** {@return three members joined into one cluster, started} */
    public static HazelcastEngine threeMembers() {
        Members members = Members.start(3);
        try {
            Path dir = Files.createTempDirectory("gatehouse-hazelcast");
            return new HazelcastEngine(members, dir, members.clientConfig(dir));
        } catch (IOException e) {
            members.close();
            throw new UncheckedIOException(e);
        }
    }

    /** {@return the members, for a test's own kills and checks} */
    public Members members() {
        return members;
    }

    @Override
    public String name() {
        return "hazelcast";
    }

    @Override
    public Map<String, String> nodeSettings(String nodeId) {
        return Map.of(HazelcastSettings.INSTANCE, "client",
                HazelcastSettings.CONFIG, clientConfig.toAbsolutePath().toString());
    }

    @Override
    public boolean keepsPresence() {
        return true;
    }

    @Override
    public boolean keepsHistory() {
        return true;
    }

    @Override
    public void stop() {
        members.killAll();
    }

    @Override
    public void start() {
        members.restart();
    }

    @Override
    public void close() {
        members.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary folder
        }
    }
}
