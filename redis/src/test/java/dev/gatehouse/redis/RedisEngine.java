package dev.gatehouse.redis;

import dev.gatehouse.testkit.cluster.Engine;
import java.io.IOException;
import java.util.Map;

/** One real redis-server as a backplane engine; stopping kills it, starting runs it again empty. */
public final class RedisEngine implements Engine {
    private final RedisServer redis;

    private RedisEngine(RedisServer redis) {
        this.redis = redis;
    }

    /** {@return a redis-server on a free port, started} */
    public static RedisEngine onFreePort() {
        return new RedisEngine(RedisServer.start());
    }

    /** {@return the server, for commands of a test's own} */
    public RedisServer server() {
        return redis;
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Map<String, String> nodeSettings(String nodeId) {
        return Map.of("gatehouse.cluster.redis.uri", redis.uri());
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
        redis.kill();
    }

    @Override
    public void start() throws IOException {
        redis.restart();
    }

    @Override
    public void close() {
        redis.close();
    }
}
