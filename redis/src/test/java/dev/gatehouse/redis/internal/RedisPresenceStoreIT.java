package dev.gatehouse.redis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.PresenceCount;
import dev.gatehouse.PresenceMember;
import dev.gatehouse.redis.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The presence store against a real Redis, its connection switched off and on by the test: the
 * writes missed meanwhile (a join, and a room left entirely) are healed by the next refresh.
 */
class RedisPresenceStoreIT {

    @Test
    void aRefreshRewritesWhatThisNodeMissedWhileDisconnectedLeftRoomsIncluded() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            RedisClient client = RedisClient.create(RedisURI.create(redis.uri()));
            // The backplane's options: Lettuce's defaults need SLF4J (maintenance notifications), excluded here.
            client.setOptions(LettuceBackplane.options(Duration.ofSeconds(2)));
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                AtomicReference<StatefulRedisConnection<String, String>> connection = new AtomicReference<>(c);
                Channels names = new Channels("t", 0);
                RedisPresenceStore store = new RedisPresenceStore(names, "n1", 3000, Runnable::run,
                        () -> connection.get() == null ? null : connection.get().async(),
                        new InFlight(100));
                RedisPresenceStore other = new RedisPresenceStore(names, "n2", 3000, Runnable::run, c::async,
                        new InFlight(100));
                PresenceMember m1 = new PresenceMember("u1", "c1", "n1");
                PresenceMember m2 = new PresenceMember("u2", "c2", "n1");
                store.add("chat:left", m1);
                other.add("chat:left", new PresenceMember("u9", "c9", "n2"));
                assertEquals(new PresenceCount(2, 2), count(other, "chat:left"));
                long pttl = Long.parseLong(redis.command("PTTL", names.presenceHash("chat:left", "n1")).trim().substring(1));
                assertTrue(pttl > 0 && pttl <= 3000, "ttl " + pttl);

                connection.set(null); // the connection is gone: these writes fail
                store.remove("chat:left", m1);
                store.add("chat:joined", m2);
                assertEquals(new PresenceCount(2, 2), count(other, "chat:left"));
                assertEquals(new PresenceCount(0, 0), count(other, "chat:joined"));

                connection.set(c);
                store.refreshAll();
                assertEquals(new PresenceCount(1, 1), count(other, "chat:left"));
                assertEquals(":0\r\n", redis.command("EXISTS", names.presenceHash("chat:left", "n1")));
                assertEquals(List.of(new PresenceMember("u2", "c2", "n1")),
                        other.members("chat:joined").toCompletableFuture().get(2, TimeUnit.SECONDS));

                store.removeAll().get(2, TimeUnit.SECONDS);
                assertEquals(new PresenceCount(0, 0), count(other, "chat:joined"));
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void aNodeReadsItsOwnJoinAtOnceEvenWhileItsWritesWait() throws Exception {
        java.util.concurrent.ExecutorService worker = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (RedisServer redis = RedisServer.start()) {
            RedisClient client = RedisClient.create(RedisURI.create(redis.uri()));
            client.setOptions(LettuceBackplane.options(Duration.ofSeconds(2)));
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                RedisPresenceStore store = new RedisPresenceStore(new Channels("t", 0), "n1", 3000, worker, c::async,
                        new InFlight(100));
                java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
                worker.execute(() -> { // the worker is busy: the join's write waits behind this
                    try {
                        busy.await(200, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                store.add("chat:mine", new PresenceMember("u1", "c1", "n1"));
                assertEquals(new PresenceCount(1, 1), count(store, "chat:mine"), "the read waits behind the write");
            } finally {
                client.shutdown();
            }
        } finally {
            worker.shutdownNow();
        }
    }

    private static PresenceCount count(RedisPresenceStore store, String room) throws Exception {
        return store.count(room).toCompletableFuture().get(2, TimeUnit.SECONDS);
    }
}
