package dev.gatehouse.redis;

import dev.gatehouse.testkit.cluster.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Sentinel set as a backplane engine ({@link SentinelSet}): the data nodes' password comes from a
 * file ({@code password-file}), the sentinels are reached as an ACL user of theirs that may only ask
 * for the master's address ({@code sentinel.username}, {@code sentinel.password}). Stopping kills
 * both data nodes; starting runs them again empty, the master first.
 */
final class SentinelEngine implements Engine {
    static final String DATA_PASSWORD = "data-pw-7f3";
    static final String SENTINEL_PASSWORD = "sentinel-pw-9c1";
    private final SentinelSet set;
    private final Path passwordFile;

    private SentinelEngine(SentinelSet set, Path passwordFile) {
        this.set = set;
        this.passwordFile = passwordFile;
    }

    static SentinelEngine launch() throws IOException {
        Path file = Files.createDirectories(Path.of("target", "redis-secrets")).resolve("sentinel-data-password")
                .toAbsolutePath();
        Files.writeString(file, DATA_PASSWORD + "\n"); // as a secret mount holds it: with a line break
        return new SentinelEngine(SentinelSet.start(DATA_PASSWORD, SENTINEL_PASSWORD), file);
    }

    SentinelSet set() {
        return set;
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Map<String, String> nodeSettings(String nodeId) {
        return Map.of("gatehouse.cluster.redis.uri", set.uri(),
                "gatehouse.cluster.redis.password-file", passwordFile.toString(),
                "gatehouse.cluster.redis.sentinel.username", SentinelSet.NODE_USER,
                "gatehouse.cluster.redis.sentinel.password", SENTINEL_PASSWORD);
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
        set.dataNodes().forEach(RedisServer::kill);
    }

    @Override
    public void start() throws IOException {
        RedisServer master = set.master(); // as the sentinels still name it: nothing could be promoted
        master.restart();
        for (RedisServer d : set.dataNodes()) {
            if (d != master) {
                d.restart();
            }
        }
    }

    @Override
    public void close() {
        set.close();
    }
}
