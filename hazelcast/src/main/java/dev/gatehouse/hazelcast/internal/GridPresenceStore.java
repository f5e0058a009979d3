package dev.gatehouse.hazelcast.internal;

import com.hazelcast.aggregation.Aggregators;
import com.hazelcast.config.IndexType;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.projection.Projections;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import dev.gatehouse.PresenceCount;
import dev.gatehouse.PresenceMember;
import dev.gatehouse.spi.PresenceStore;
import jakarta.json.spi.JsonProvider;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Presence in two maps. {@code <prefix>.presence}: one entry per member, key
 * {@code room \u0001 life \u0001 connection}, value a JSON object ({@code room}, {@code user},
 * {@code node}, {@code life}, {@code conn}) that the cluster queries (hash index on {@code room}).
 * {@code <prefix>.nodes}: one entry per live node, its <em>life</em> ({@code <node id>~<random>},
 * new at each start) with the node TTL as the entry's TTL, rewritten every third of it.
 *
 * <p>Reads count only the members of lives in {@code nodes}: a crashed node's members vanish from
 * every answer once its entry expires (within the TTL), without a write per member. This node's
 * own members are read from its local state, never from the grid, so that a member sees itself as
 * soon as it has joined. Counts are two
 * aggregations in the cluster ({@code count}, and {@code distinct} on {@code user}), so what
 * crosses the network is two numbers and the room's distinct user ids, never the members. The
 * entries of lives that are gone are removed by a sweep (every node, every TTL): the lives that
 * own entries are read first, then the live ones, so a life whose first write came after the
 * first read cannot be taken for dead. A node whose own entry expired (cut off longer than the
 * TTL) takes a new life and writes its members again.
 *
 * <p>Threading: the local state is a concurrent map changed on the caller's thread; writes are
 * dispatched asynchronously on the backplane's worker, in the order of the changes (so one
 * member's add and remove reach its partition in order), and never waited for; reads, sweeps and
 * the rewrite run on the io pool (Hazelcast's queries block). A backlog beyond
 * {@link #MAX_PENDING} writes skips the write and rewrites the node's members at the next refresh.
 */
final class GridPresenceStore implements PresenceStore {
    /** Writes waiting for the worker beyond which changes wait for the next refresh instead. */
    static final int MAX_PENDING = 100_000;
    private static final Logger LOG = System.getLogger("dev.gatehouse.hazelcast");
    private static final char SEP = '\u0001';

    private final JsonProvider json = JsonProvider.provider();
    private final IMap<String, HazelcastJsonValue> members;
    private final IMap<String, String> lives;
    private final String nodeId;
    private final long ttlMillis;
    private final Executor worker;
    private final ThreadPoolExecutor io;
    /** This node's members: room → connection id → user id. */
    private final ConcurrentHashMap<String, Map<String, String>> local = new ConcurrentHashMap<>();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile String life;
    /** Set when writes were skipped or failed: the next refresh rewrites every member. */
    private volatile boolean unsure;

    GridPresenceStore(HazelcastInstance hz, String prefix, String nodeId, long ttlMillis, Executor worker,
            ThreadPoolExecutor io) {
        this.members = hz.getMap(prefix + ".presence");
        this.lives = hz.getMap(prefix + ".nodes");
        this.nodeId = nodeId;
        this.ttlMillis = ttlMillis;
        this.worker = worker;
        this.io = io;
        this.life = newLife(nodeId);
    }

    /** Called once at start, waited for: the index, and this node's life before any member of it. */
    void start() {
        members.addIndex(IndexType.HASH, "room");
        lives.set(life, nodeId, ttlMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void add(String room, PresenceMember member) {
        local.compute(room, (r, m) -> {
            Map<String, String> in = m != null ? m : new ConcurrentHashMap<>();
            in.put(member.connectionId(), member.userId());
            return in;
        });
        write(() -> {
            String l = life;
            return members.setAsync(key(room, l, member.connectionId()), value(room, member.userId(), l,
                    member.connectionId()));
        });
    }

    @Override
    public void remove(String room, PresenceMember member) {
        local.computeIfPresent(room, (r, m) -> {
            m.remove(member.connectionId());
            return m.isEmpty() ? null : m;
        });
        write(() -> members.removeAsync(key(room, life, member.connectionId())));
    }

    @Override
    public CompletionStage<List<PresenceMember>> members(String room) {
        return Pools.call(io, () -> {
            Collection<Object[]> rows = members.project(Projections.multiAttribute("conn", "user", "node"), onOtherNodes(room));
            List<PresenceMember> out = new ArrayList<>(rows.size());
            for (Object[] row : rows) {
                out.add(new PresenceMember(String.valueOf(row[1]), String.valueOf(row[0]), String.valueOf(row[2])));
            }
            localIn(room).forEach((conn, user) -> out.add(new PresenceMember(user, conn, nodeId)));
            return out;
        });
    }

    @Override
    public CompletionStage<PresenceCount> count(String room) {
        return Pools.call(io, () -> {
            Predicate<String, HazelcastJsonValue> p = onOtherNodes(room);
            long connections = members.aggregate(Aggregators.count(), p);
            Set<Object> users = new HashSet<>(members.aggregate(Aggregators.distinct("user"), p));
            Map<String, String> here = localIn(room);
            users.addAll(here.values());
            return new PresenceCount((int) connections + here.size(), users.size());
        });
    }

    /**
     * The members of a room held by the other live nodes (a blocking read of the live lives first).
     * This node's own come from {@link #local}: they are in every answer as soon as {@link #add}
     * returns, whether or not its asynchronous write has reached the grid yet.
     */
    private Predicate<String, HazelcastJsonValue> onOtherNodes(String room) {
        Set<String> live = lives.keySet();
        return Predicates.and(Predicates.equal("room", room), Predicates.notEqual("node", nodeId),
                Predicates.in("life", live.toArray(String[]::new)));
    }

    private Map<String, String> localIn(String room) {
        Map<String, String> in = local.get(room);
        return in == null ? Map.of() : Map.copyOf(in);
    }

    /**
     * Every third of the TTL (on the worker): this node's life again; when it had expired (the node
     * was cut off longer than the TTL, and a sweep may have removed its members), a new life and
     * every member written again under it.
     */
    void refresh() {
        String l = life;
        lives.putAsync(l, nodeId, ttlMillis, TimeUnit.MILLISECONDS).whenComplete((previous, e) -> {
            if (e == null && (previous == null || unsure)) {
                Pools.execute(worker, this::rewrite);
            }
        });
    }

    /**
     * On the worker: every member of this node written again under a new life, then the old life's
     * entries removed (a write that was skipped or failed, a remove included, leaves nothing behind).
     */
    private void rewrite() {
        String old = life;
        life = newLife(nodeId);
        if (!unsure) {
            LOG.log(Level.INFO, "Node {0}: its presence had expired in Hazelcast; written again", nodeId);
        }
        unsure = false;
        String l = life;
        Map<String, HazelcastJsonValue> all = new HashMap<>();
        local.forEach((room, in) -> in.forEach((conn, user) -> all.put(key(room, l, conn), value(room, user, l, conn))));
        lives.setAsync(l, nodeId, ttlMillis, TimeUnit.MILLISECONDS).toCompletableFuture().thenCompose(x -> members.setAllAsync(all)).whenComplete((ok, e) -> {
            if (e != null) {
                unsure = true;
            } else {
                Pools.call(io, () -> {
                    members.removeAll(Predicates.equal("life", old));
                    lives.delete(old);
                    return null;
                });
            }
        });
    }

    /** Every TTL (on the io pool): removes the entries of lives that are gone. */
    void sweep() {
        Pools.call(io, () -> {
            Set<String> owning = new HashSet<>(members.aggregate(Aggregators.distinct("life")));
            owning.removeAll(lives.keySet()); // read after: a life that wrote before the first read is in it
            if (!owning.isEmpty()) {
                members.removeAll(Predicates.in("life", owning.toArray(String[]::new)));
            }
            return null;
        }).whenComplete((ok, e) -> {
            if (e != null) {
                LOG.log(Level.DEBUG, "Presence sweep failed; the next one tries again", e);
            }
        });
    }

    /** At close (waited for by the caller, bounded): this node's members and life removed. */
    CompletableFuture<Void> removeAll() {
        local.clear();
        String l = life;
        return Pools.call(io, () -> {
            lives.delete(l);
            members.removeAll(Predicates.equal("life", l));
            return null;
        });
    }

    private void write(java.util.function.Supplier<CompletionStage<?>> command) {
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            unsure = true;
            return;
        }
        if (!Pools.execute(worker, () -> {
            pending.decrementAndGet();
            try {
                command.get().whenComplete((ok, e) -> {
                    if (e != null) {
                        unsure = true;
                    }
                });
            } catch (RuntimeException e) {
                unsure = true;
            }
        })) {
            pending.decrementAndGet();
        }
    }

    private static String key(String room, String life, String connectionId) {
        return room + SEP + life + SEP + connectionId;
    }

    private HazelcastJsonValue value(String room, String user, String life, String connectionId) {
        return new HazelcastJsonValue(json.createObjectBuilder().add("room", room).add("user", user).add("node", nodeId)
                .add("life", life).add("conn", connectionId).build().toString());
    }

    private static String newLife(String nodeId) {
        return nodeId + "~" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    }
}
