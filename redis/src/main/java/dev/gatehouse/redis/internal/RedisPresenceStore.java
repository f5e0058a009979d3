package dev.gatehouse.redis.internal;

import dev.gatehouse.PresenceCount;
import dev.gatehouse.PresenceMember;
import dev.gatehouse.spi.PresenceStore;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Presence in Redis: per room and node a hash (connection id → user id) that expires after the
 * node TTL unless refreshed, and per room the set of nodes with members (see {@link Channels}).
 * Each node writes its own members only: every change at once, and every third of the TTL its
 * full local state again (so a node that missed writes while Redis was away heals, and a crashed
 * node's members expire). Reads run one small Lua script over a room's keys, so counts are
 * computed in Redis without fetching the members.
 *
 * <p>Threading: the local state is a concurrent map changed on the caller's thread (per room
 * under the map's own key lock, which guards only the map); every Redis
 * write is dispatched (asynchronously, never waited for) on the backplane's one worker thread, in
 * the order of the changes, so a refresh never undoes a later change. Callers never block: a
 * backlog beyond {@link #MAX_PENDING} writes skips the write and leaves it to the next refresh.
 * No lock is held while calling Redis.
 */
final class RedisPresenceStore implements PresenceStore {
    /** Writes waiting for the worker beyond which changes wait for the next refresh instead. */
    static final int MAX_PENDING = 100_000;

    private static final String ADD = """
            redis.call('HSET', KEYS[1], ARGV[3], ARGV[4])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            redis.call('SADD', KEYS[2], ARGV[1])
            redis.call('PEXPIRE', KEYS[2], ARGV[2])
            return 1""";
    private static final String REMOVE = """
            redis.call('HDEL', KEYS[1], ARGV[2])
            if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[1]) end
            return 1""";
    /** Rewrites this node's members of a room; none left removes the node from the room. */
    private static final String REPLACE = """
            redis.call('DEL', KEYS[1])
            if #ARGV > 2 then
              for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              redis.call('SADD', KEYS[2], ARGV[1])
              redis.call('PEXPIRE', KEYS[2], ARGV[2])
            else
              redis.call('SREM', KEYS[2], ARGV[1])
            end
            return 1""";
    /** Connections and distinct users over the live nodes; forgets nodes whose hash expired. */
    private static final String COUNT = """
            local conns, users, seen = 0, 0, {}
            for _, n in ipairs(redis.call('SMEMBERS', KEYS[1])) do
              local vals = redis.call('HVALS', ARGV[1] .. n)
              if #vals == 0 then
                redis.call('SREM', KEYS[1], n)
              else
                conns = conns + #vals
                for _, u in ipairs(vals) do
                  if not seen[u] then seen[u] = true; users = users + 1 end
                end
              end
            end
            return {conns, users}""";
    /** node, connection, user, … over the live nodes. */
    private static final String MEMBERS = """
            local out = {}
            for _, n in ipairs(redis.call('SMEMBERS', KEYS[1])) do
              local kv = redis.call('HGETALL', ARGV[1] .. n)
              if #kv == 0 then
                redis.call('SREM', KEYS[1], n)
              else
                for i = 1, #kv, 2 do
                  out[#out + 1] = n; out[#out + 1] = kv[i]; out[#out + 1] = kv[i + 1]
                end
              end
            end
            return out""";

    private final Channels names;
    private final String node;
    private final String ttlMillis;
    private final Executor worker;
    private final Supplier<RedisClusterAsyncCommands<String, String>> connection;
    /** This node's members: room → connection id → user id. */
    private final ConcurrentHashMap<String, Map<String, String>> local = new ConcurrentHashMap<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final InFlight inFlight;
    /** Rooms whose last write failed or was skipped: the next refresh rewrites them even when left. */
    private final Set<String> unsure = ConcurrentHashMap.newKeySet();

    RedisPresenceStore(Channels names, String node, long ttlMillis, Executor worker,
            Supplier<RedisClusterAsyncCommands<String, String>> connection, InFlight inFlight) {
        this.inFlight = inFlight;
        this.names = names;
        this.node = node;
        this.ttlMillis = Long.toString(ttlMillis);
        this.worker = worker;
        this.connection = connection;
    }

    @Override
    public void add(String room, PresenceMember member) {
        local.compute(room, (r, m) -> { // under the key's lock: a concurrent remove cannot drop the map meanwhile
            Map<String, String> members = m != null ? m : new ConcurrentHashMap<>();
            members.put(member.connectionId(), member.userId());
            return members;
        });
        write(room, () -> eval(ADD, ScriptOutputType.INTEGER, keys(room), node, ttlMillis, member.connectionId(),
                member.userId()));
    }

    @Override
    public void remove(String room, PresenceMember member) {
        local.computeIfPresent(room, (r, m) -> {
            m.remove(member.connectionId());
            return m.isEmpty() ? null : m;
        });
        write(room, () -> eval(REMOVE, ScriptOutputType.INTEGER, keys(room), node, member.connectionId()));
    }

    @Override
    public CompletionStage<List<PresenceMember>> members(String room) {
        CompletionStage<List<Object>> out = read(() -> eval(MEMBERS, ScriptOutputType.MULTI,
                new String[] {names.presenceNodes(room)}, names.presenceHash(room, "")));
        return out.thenApply(flat -> {
            List<PresenceMember> members = new ArrayList<>(flat.size() / 3);
            for (int i = 0; i + 2 < flat.size(); i += 3) {
                members.add(new PresenceMember(String.valueOf(flat.get(i + 2)), String.valueOf(flat.get(i + 1)),
                        String.valueOf(flat.get(i))));
            }
            return members;
        });
    }

    @Override
    public CompletionStage<PresenceCount> count(String room) {
        CompletionStage<List<Object>> out = read(() -> eval(COUNT, ScriptOutputType.MULTI,
                new String[] {names.presenceNodes(room)}, names.presenceHash(room, "")));
        return out.thenApply(l -> new PresenceCount(((Number) l.get(0)).intValue(), ((Number) l.get(1)).intValue()));
    }

    /** Rewrites this node's full local state (on the worker): every third of the TTL, and after a reconnect. */
    void refreshAll() {
        for (Map.Entry<String, Map<String, String>> e : local.entrySet()) {
            replace(e.getKey(), e.getValue());
        }
        for (String room : List.copyOf(unsure)) { // rooms this node left while a write failed: none of its members stay
            unsure.remove(room);
            if (!local.containsKey(room)) {
                replace(room, Map.of()).whenComplete((ok, e) -> {
                    if (e != null) {
                        unsure.add(room);
                    }
                });
            }
        }
    }

    private CompletionStage<?> replace(String room, Map<String, String> members) {
        List<String> args = new ArrayList<>(2 + 2 * members.size());
        args.add(node);
        args.add(ttlMillis);
        members.forEach((connectionId, userId) -> {
            args.add(connectionId);
            args.add(userId);
        });
        return eval(REPLACE, ScriptOutputType.INTEGER, keys(room), args.toArray(String[]::new));
    }

    /**
     * Removes this node's members from Redis (on the worker, at close): every room it wrote to.
     *
     * @return completes when Redis answered every removal
     */
    CompletableFuture<Void> removeAll() {
        List<CompletableFuture<?>> done = new ArrayList<>();
        for (String room : local.keySet()) {
            done.add(replace(room, Map.of()).toCompletableFuture());
        }
        local.clear();
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new));
    }

    private String[] keys(String room) {
        return new String[] {names.presenceHash(room, node), names.presenceNodes(room)};
    }

    /** Dispatches a write on the worker, in order; skipped (left to the next refresh) beyond the backlog. */
    private void write(String room, Supplier<CompletionStage<?>> command) {
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            unsure.add(room);
            return;
        }
        try {
            worker.execute(() -> {
                pending.decrementAndGet();
                command.get().whenComplete((ok, e) -> {
                    if (e != null) {
                        unsure.add(room);
                    }
                });
            });
        } catch (RejectedExecutionException closed) {
            pending.decrementAndGet();
        }
    }

    /**
     * A read, sent from the worker behind this node's writes queued before it, on the same connection:
     * a handler that joined a room and then reads its presence finds itself.
     */
    private <T> CompletionStage<T> read(Supplier<CompletionStage<T>> command) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            worker.execute(() -> command.get().whenComplete((v, e) -> {
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(v);
                }
            }));
        } catch (RejectedExecutionException closed) {
            result.completeExceptionally(new IllegalStateException("the Redis backplane is closed"));
        }
        return result;
    }

    /** One script, asynchronously; a failed stage when Redis is not reachable (never waits). */
    private <T> CompletionStage<T> eval(String script, ScriptOutputType type, String[] keys, String... args) {
        RedisClusterAsyncCommands<String, String> c = connection.get();
        if (c == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected to Redis"));
        }
        return inFlight.<T>send(() -> {
            RedisFuture<T> f = c.eval(script, type, keys, args);
            return f;
        });
    }
}
