package dev.gatehouse.redis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.redis.RedisServer;
import dev.gatehouse.redis.SentinelSet;
import dev.gatehouse.testkit.LogCapture;
import dev.gatehouse.testkit.cluster.ClusterNodes;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Sentinel connector's watch on {@code +switch-master} against real sentinels: a failover is
 * passed on when the sentinel announces it (so nodes move then, not at their next poll), and a
 * sentinel whose ACL refuses the subscription is named once in the log while the poll goes on.
 */
class SentinelWatchIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private SentinelSet set;
    private ServerConnector connector;
    private ClientResources resources;

    @AfterEach
    void close() throws Exception {
        if (connector != null) {
            connector.shutdown(2000).get(5, TimeUnit.SECONDS);
        }
        if (resources != null) {
            resources.shutdown().get(5, TimeUnit.SECONDS);
        }
        if (set != null) {
            set.close();
        }
    }

    private ServerConnector connector(Map<String, String> settings) {
        RedisSettings s = RedisSettings.from(ConfigSource.of(settings)).orElseThrow();
        resources = ClientResources.builder().ioThreadPoolSize(1).computationThreadPoolSize(1).build();
        return new ServerConnector(s, resources, LettuceBackplane.options(s));
    }

    /** Whether a client of the first sentinel is subscribed to a channel ({@code CLIENT LIST} shows {@code sub=1}). */
    private boolean watched() {
        return set.sentinel().command("CLIENT", "LIST").contains(" sub=1 ");
    }

    @Test
    void aSentinelsAnnouncementOfANewMasterIsPassedOnAsItComes() {
        set = SentinelSet.start(null, null);
        connector = connector(Map.of(RedisSettings.URI, set.uri()));
        AtomicInteger switched = new AtomicInteger();
        connector.watchMaster(switched::incrementAndGet);
        ClusterNodes.await("the connector subscribed on the first sentinel", WAIT, this::watched);
        assertEquals(0, switched.get(), "nothing announced yet");

        RedisServer old = set.master();
        String ok = set.sentinel().command("SENTINEL", "FAILOVER", SentinelSet.MASTER);
        assertTrue(ok.startsWith("+OK"), ok);
        set.awaitFailoverFrom(old, WAIT);
        ClusterNodes.await("the announcement passed on", WAIT, () -> switched.get() == 1);
    }

    @Test
    void aSentinelWhoseAclRefusesTheSubscriptionIsNamedOnceAndTheNodeStillAsksForTheMaster() throws Exception {
        set = SentinelSet.start(null, "sentinel-pw-watch");
        try (LogCapture log = LogCapture.of(ServerConnector.class.getName())) {
            for (RedisServer sentinel : set.sentinels()) {
                assertEquals("+OK\r\n", sentinel.command("ACL", "SETUSER", SentinelSet.NODE_USER, "-subscribe"));
            }
            connector = connector(Map.of(RedisSettings.URI, set.uri(),
                    RedisSettings.SENTINEL_USERNAME, SentinelSet.NODE_USER,
                    RedisSettings.SENTINEL_PASSWORD, "sentinel-pw-watch"));
            connector.watchMaster(() -> { });
            ClusterNodes.await("the refusal named", WAIT, () -> !log.matching(r -> r.getLevel() == Level.WARNING).isEmpty());
            for (int i = 0; i < 3; i++) { // each ask tries another sentinel, which refuses too
                assertEquals(List.of(), connector.misplaced(List.of()).get(5, TimeUnit.SECONDS));
            }
            ClusterNodes.pause(500);
            var warnings = log.matching(r -> r.getLevel() == Level.WARNING);
            assertEquals(1, warnings.size(), warnings.stream().map(LogCapture::describe).toList().toString());
            String line = LogCapture.describe(warnings.get(0));
            assertTrue(line.contains("+subscribe &+switch-master") && !line.contains("sentinel-pw-watch"), line);
        }
    }
}
