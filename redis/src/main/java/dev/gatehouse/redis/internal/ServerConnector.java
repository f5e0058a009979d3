package dev.gatehouse.redis.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One Redis server, given by its address or found through Sentinel: Lettuce's {@link RedisClient}
 * asks the sentinels for the master's address at every connect and reconnect, so both connections
 * follow a failover once they drop (Sentinel closes the clients of a server it turns into a
 * replica, and a killed server closes them too). Thread-safe.
 */
final class ServerConnector implements RedisConnector {
    private final RedisClient client;
    private final RedisURI uri;
    private final String topology;

    ServerConnector(RedisSettings settings, ClientResources resources, ClientOptions options) {
        this.client = RedisClient.create(resources);
        client.setOptions(options);
        this.uri = settings.redisUri();
        this.topology = settings.topology();
    }

    @Override
    public CompletableFuture<StatefulConnection<String, String>> connect() {
        return client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture().thenApply(c -> c);
    }

    @Override
    public CompletableFuture<StatefulRedisPubSubConnection<String, String>> connectPubSub() {
        return client.connectPubSubAsync(StringCodec.UTF8, uri).toCompletableFuture();
    }

    @Override
    @SuppressWarnings("unchecked")
    public RedisClusterAsyncCommands<String, String> commands(StatefulConnection<String, String> connection) {
        return ((StatefulRedisConnection<String, String>) connection).async();
    }

    @Override
    public CompletableFuture<?> ping(StatefulConnection<String, String> connection) {
        return commands(connection).ping().toCompletableFuture();
    }

    @Override
    public boolean resubscribesPeriodically() {
        return false;
    }

    @Override
    public String topology() {
        return topology;
    }

    @Override
    public CompletableFuture<Void> shutdown(long timeoutMs) {
        return client.shutdownAsync(0, timeoutMs, TimeUnit.MILLISECONDS);
    }
}
