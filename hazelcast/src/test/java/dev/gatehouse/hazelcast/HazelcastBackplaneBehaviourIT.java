package dev.gatehouse.hazelcast;

import dev.gatehouse.testkit.cluster.BackplaneBehaviour;
import dev.gatehouse.testkit.cluster.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The backplane behaviour suite with each node a Hazelcast client ({@code instance=client}, found
 * with ServiceLoader) of a cluster of three members this test runs; the engine stopped is every
 * member killed, started again empty.
 */
class HazelcastBackplaneBehaviourIT extends BackplaneBehaviour {
    private Members members;
    private Path clientConfig;

    @Override
    protected Engine startEngine() {
        members = Members.start(3);
        try {
            clientConfig = members.clientConfig(Path.of("target", "hazelcast"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Engine() {
            @Override
            public String name() {
                return "hazelcast";
            }

            @Override
            public Map<String, String> nodeSettings(String nodeId) {
                return Map.of("gatehouse.cluster.hazelcast.instance", "client",
                        "gatehouse.cluster.hazelcast.config", clientConfig.toAbsolutePath().toString());
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
            }
        };
    }
}
