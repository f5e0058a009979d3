package dev.gatehouse.redis.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * How a node reaches Redis: the one place where one server (given directly or found through
 * Sentinel: {@link ServerConnector}) and a Redis Cluster ({@link ClusterConnector}) differ. The
 * backplane, the presence store and the history store see a command connection, whose commands are
 * sent to the server or to the shard owning their first key's slot, and a pub/sub connection, whose
 * sharded subscriptions go to the shard owning their channel's slot. Thread-safe; nothing here
 * waits.
 */
interface RedisConnector {

    /**
     * The connector the settings ask for.
     *
     * @param settings the settings
     * @param resources Lettuce's threads, shared by both connections
     * @param options the client options every connection gets (fail fast, bounded queue, TLS)
     * @return a server or cluster connector
     */
    static RedisConnector create(RedisSettings settings, ClientResources resources, ClientOptions options) {
        return settings.kind() == RedisAddress.Kind.CLUSTER ? new ClusterConnector(settings, resources, options)
                : new ServerConnector(settings, resources, options);
    }

    /** {@return a new command connection; fails when Redis is not reached or refuses the setup} */
    CompletableFuture<StatefulConnection<String, String>> connect();

    /** {@return a new pub/sub connection} */
    CompletableFuture<StatefulRedisPubSubConnection<String, String>> connectPubSub();

    /**
     * Opens what a pub/sub connection needs before subscriptions are issued on it: in a Redis
     * Cluster, its link to each primary (after a failover, the new one's); nothing elsewhere.
     *
     * @param pubsub a connection from {@link #connectPubSub()}
     * @return completes when every attempt ended, successfully or not
     */
    default CompletableFuture<Void> open(StatefulRedisPubSubConnection<String, String> pubsub) {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * The asynchronous commands of a command connection from {@link #connect()}.
     *
     * @param connection the command connection
     * @return its commands
     */
    RedisClusterAsyncCommands<String, String> commands(StatefulConnection<String, String> connection);

    /**
     * PINGs what must answer for the commands to work: the server, or each primary holding slots.
     *
     * @param connection the command connection
     * @return completes when all answered
     */
    CompletableFuture<?> ping(StatefulConnection<String, String> connection);

    /**
     * Whether a subscription can be lost while the pub/sub connection stays open, so the backplane
     * re-issues every subscription once a second (which also checks that each shard answers): true
     * in a Redis Cluster, where each shard's subscriptions live on a connection of their own.
     *
     * @return whether subscriptions are re-issued periodically
     */
    boolean resubscribesPeriodically();

    /**
     * Which of these connections are on a server that is no longer the one to use: with Sentinel,
     * those not on the master the sentinels name now (after a failover that did not close them:
     * the old master stays up for a while after {@code SENTINEL FAILOVER}, and takes writes that
     * its demotion will drop). The backplane closes and reopens them. Asked once a second; none
     * elsewhere.
     *
     * @param connections the command and pub/sub connections
     * @return those to reopen; completes when the sentinels answered
     */
    default CompletableFuture<List<StatefulConnection<String, String>>> misplaced(
            List<StatefulConnection<String, String>> connections) {
        return CompletableFuture.completedFuture(List.of());
    }

    /**
     * Asks to be told at once when the master changes, so that {@link #misplaced} is asked then and
     * not only at the next second: with Sentinel, a subscription to a sentinel's
     * {@code +switch-master}; nothing elsewhere.
     *
     * @param switched run (on a Lettuce thread) when a sentinel announces a new master for ours
     */
    default void watchMaster(Runnable switched) {
    }

    /** A subscription or PING failed: a cluster reads its topology again (at most once a second). */
    default void trouble() {
    }

    /** {@return the topology for health and the startup log} */
    String topology();

    /**
     * Closes every connection and releases the client.
     *
     * @param timeoutMs how long the shutdown may take
     * @return completes when done
     */
    CompletableFuture<Void> shutdown(long timeoutMs);
}
