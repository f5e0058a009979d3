package dev.gatehouse.redis.internal;

import dev.gatehouse.spi.Backplane;
import dev.gatehouse.spi.HistoryStore;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * History in Redis: per stream a Redis Stream of its entries (entry id {@code <offset>-1}, fields
 * {@code t}, the time Redis stored it in ms, and {@code m}, the message) and a hash with its
 * {@code epoch}, latest offset {@code top} and the entries' {@code age} limit in ms (names in
 * {@link Channels}). One Lua script appends: it takes the next offset, adds the entry (trimmed to
 * the size limit), sets the TTLs and publishes {@code P <epoch> <offset>\n<message>} to the
 * topic's channel, all in one atomic step, so that no node sees a frame the history does not hold
 * and every subscriber sees a stream's publications in offset order. A missing hash (a Redis that
 * restarted empty, or a stream idle for longer than the hash's TTL) starts a new epoch, a random
 * one from this node, at offset 1. The hash lives at least a day ({@link #META_TTL_MS}), longer
 * than the stream, so that an idle stream that expired keeps counting in its epoch and a late
 * reader learns that it lost entries instead of seeing a new epoch. Entries older than their age
 * are left out by reads (only an expired prefix: no hole in the middle).
 *
 * <p>Failover. Redis replicates asynchronously: a replica promoted to master (by Sentinel, or in
 * a Redis Cluster) may lack the newest entries of a stream that subscribers already received, and
 * its hash would hand their offsets out again under the same epoch, to other frames. So the hash
 * also records the replication ID ({@code master_replid} of {@code INFO replication}) of the
 * server that wrote it, and both scripts check it first ({@link #LINEAGE}): on a server that was
 * promoted since it started ({@code master_replid2} set), a stream last written under another
 * replication ID starts a new epoch, at offset 1, whether or not it lost anything; readers then
 * learn {@code epoch_changed} instead of getting other frames under offsets they hold. A server
 * that restarted (from its disk) or got its first replica has a new replication ID without having
 * been promoted: its streams keep their epochs, as before. Not covered: a stream not touched
 * between a failover and a restart of the promoted server keeps its epoch.
 *
 * <p>An append is sent whole, by EVAL, every time: the order of a publisher's appends is the order
 * of their offsets, and an EVALSHA answered NOSCRIPT (Redis not knowing the script yet, or any
 * more after a restart) and sent again as EVAL would land behind the appends sent meanwhile, which
 * found the script loaded by an earlier EVAL. A read is sent by EVALSHA and sent whole once when
 * Redis answers NOSCRIPT (an EVALSHA that failed with NOSCRIPT did nothing).
 *
 * <p>Threading and locking: no lock, no state beyond the immutable scripts. Every call sends its
 * script asynchronously on the backplane's command connection, through its {@link InFlight} bound,
 * and returns at once; a call while not connected fails at once, as a publish does.
 */
final class RedisHistoryStore implements HistoryStore {
    /** The least time the hash of a stream lives after its latest append: one day. */
    static final long META_TTL_MS = Duration.ofDays(1).toMillis();
    /** How a positioned publication starts: {@code P <epoch> <offset>\n<message>}. */
    static final String POSITIONED = "P ";

    /**
     * The start of both scripts: {@code epoch}, the stream's epoch (false for none, or when the stream
     * may have lost writes in a failover), after which its hash records this server's replication ID.
     * KEYS[2] is the hash; sets {@code replid} and {@code promoted}.
     */
    static final String LINEAGE = """
            local info = redis.call('INFO', 'replication')
            local replid = string.match(info, 'master_replid:(%x+)') or ''
            local replid2 = string.match(info, 'master_replid2:(%x+)')
            local promoted = replid2 ~= nil and string.find(replid2, '[1-9a-f]') ~= nil
            local meta = redis.call('HMGET', KEYS[2], 'epoch', 'replid')
            local epoch = meta[1]
            if epoch and meta[2] ~= replid then
              if promoted then epoch = false else redis.call('HSET', KEYS[2], 'replid', replid) end
            end
            """;

    /** KEYS: stream, meta. ARGV: fresh epoch, size, age ms, meta TTL ms, message, PUBLISH or SPUBLISH, channel. */
    private static final Script APPEND = new Script(LINEAGE + """
            if not epoch then
              epoch = ARGV[1]
              redis.call('DEL', KEYS[1])
              redis.call('HSET', KEYS[2], 'epoch', epoch, 'top', 0, 'replid', replid)
            end
            redis.call('HSET', KEYS[2], 'age', ARGV[3])
            local n = redis.call('HINCRBY', KEYS[2], 'top', 1)
            local offset = string.format('%d', n)
            local now = redis.call('TIME')
            local t = now[1] .. string.format('%03d', math.floor(tonumber(now[2]) / 1000))
            redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[2], offset .. '-1', 't', t, 'm', ARGV[5])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            redis.call('PEXPIRE', KEYS[2], ARGV[4])
            redis.call(ARGV[6], ARGV[7], 'P ' .. epoch .. ' ' .. offset .. '\\n' .. ARGV[5])
            return {epoch, n}""");
    /**
     * KEYS: stream, meta. ARGV: after, max, fresh epoch, meta TTL ms. Returns epoch ('' for none), top,
     * then offset, t, m per entry; entries older than the stream's age are skipped while they lead. A
     * stream that may have lost writes in a failover starts its new epoch here, empty.
     */
    private static final Script READ = new Script(LINEAGE + """
            if meta[1] and not epoch then
              redis.call('DEL', KEYS[1])
              redis.call('HSET', KEYS[2], 'epoch', ARGV[3], 'top', 0, 'replid', replid)
              redis.call('PEXPIRE', KEYS[2], ARGV[4])
              return {ARGV[3], 0}
            end
            if not epoch then return {'', 0} end
            meta = redis.call('HMGET', KEYS[2], 'epoch', 'top', 'age')
            local out = {meta[1], tonumber(meta[2])}
            local max = tonumber(ARGV[2])
            if max <= 0 then return out end
            local cutoff = 0
            if meta[3] then
              local now = redis.call('TIME')
              cutoff = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) - tonumber(meta[3])
            end
            local start = ARGV[1] .. '-0'
            local n = 0
            local keeping = false
            while n < max do
              local batch = redis.call('XRANGE', KEYS[1], start, '+', 'COUNT', max - n)
              if #batch == 0 then break end
              for _, e in ipairs(batch) do
                local f = e[2]
                if keeping or tonumber(f[2]) >= cutoff then
                  keeping = true
                  out[#out + 1] = tonumber(string.match(e[1], '^%d+'))
                  out[#out + 1] = tonumber(f[2])
                  out[#out + 1] = f[4]
                  n = n + 1
                end
              end
              start = '(' .. batch[#batch][1]
            end
            return out""");

    private final Channels names;
    private final Supplier<RedisClusterAsyncCommands<String, String>> connection;
    private final InFlight inFlight;

    /**
     * @param names the key and channel names
     * @param connection the command connection, or null while there is none (or the backplane closed)
     * @param inFlight the backplane's bound on commands waiting for Redis
     */
    RedisHistoryStore(Channels names, Supplier<RedisClusterAsyncCommands<String, String>> connection, InFlight inFlight) {
        this.names = names;
        this.connection = connection;
        this.inFlight = inFlight;
    }

    @Override
    public CompletionStage<Position> append(String stream, String topic, String message, Limits limits) {
        if (names.sharded() && names.partition(topic) != names.partition(Channels.historyTopic(stream))) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("stream " + stream
                    + " is kept in the partition of topic " + Channels.historyTopic(stream) + ", not " + topic));
        }
        long ageMs = Math.max(1, millis(limits.age()));
        String[] keys = {names.historyStream(stream), names.historyMeta(stream)};
        CompletionStage<List<Object>> out = whole(APPEND, keys, newEpoch(), Integer.toString(limits.size()),
                Long.toString(ageMs), Long.toString(Math.max(ageMs, META_TTL_MS)), message,
                names.sharded() ? "SPUBLISH" : "PUBLISH", names.channel(topic));
        return out.thenApply(l -> new Position((String) l.get(0), (Long) l.get(1)));
    }

    @Override
    public CompletionStage<Slice> read(String stream, long after, int max) {
        String[] keys = {names.historyStream(stream), names.historyMeta(stream)};
        CompletionStage<List<Object>> out = run(READ, keys, Long.toString(Math.max(0, after) + 1),
                Integer.toString(Math.max(0, max)), newEpoch(), Long.toString(META_TTL_MS));
        return out.thenApply(RedisHistoryStore::slice);
    }

    private static Slice slice(List<Object> l) {
        List<Entry> entries = new ArrayList<>((l.size() - 2) / 3);
        for (int i = 2; i + 2 < l.size(); i += 3) {
            entries.add(new Entry((Long) l.get(i), (Long) l.get(i + 1), (String) l.get(i + 2)));
        }
        return new Slice((String) l.get(0), (Long) l.get(1), List.copyOf(entries));
    }

    /**
     * Hands a message from the topic's channel to the receiver: a positioned publication with its
     * position, anything else (a malformed {@code P} line included, which the core counts as
     * malformed) as it is.
     *
     * @param receiver the core's receiver
     * @param topic the topic of the channel it came on
     * @param text the message as published
     */
    static void deliver(Backplane.Receiver receiver, String topic, String text) {
        int newline;
        int space;
        long offset;
        if (text.startsWith(POSITIONED) && (newline = text.indexOf('\n')) > 0
                && (space = text.indexOf(' ', POSITIONED.length())) > POSITIONED.length() && space < newline
                && (offset = offset(text, space + 1, newline)) > 0) {
            receiver.receive(topic, new Position(text.substring(POSITIONED.length(), space), offset),
                    text.substring(newline + 1));
        } else {
            receiver.receive(topic, text);
        }
    }

    /** The decimal number in {@code text[from, to)}: 1 to 18 digits; else -1. */
    private static long offset(String text, int from, int to) {
        if (to - from < 1 || to - from > 18) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** A fresh epoch: 10 random base-36 characters (about 51 bits), for a stream Redis holds nothing of. */
    static String newEpoch() {
        long tenDigits = 3_656_158_440_062_976L; // 36^10; from 36^9 on, every number has 10 digits
        return Long.toString(ThreadLocalRandom.current().nextLong(tenDigits / 36, tenDigits), 36);
    }

    private static long millis(Duration d) {
        try {
            return d.toMillis();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /** EVAL: the script sent whole, so that it runs in the order it was sent, whatever Redis has loaded. */
    private CompletionStage<List<Object>> whole(Script script, String[] keys, String... args) {
        RedisClusterAsyncCommands<String, String> c = connection.get();
        if (c == null) {
            return notConnected();
        }
        return inFlight.send(() -> c.<List<Object>>eval(script.text, ScriptOutputType.MULTI, keys, args));
    }

    /** EVALSHA, and EVAL when Redis does not know the script (yet, or any more): for reads, whose order does not matter. */
    private CompletionStage<List<Object>> run(Script script, String[] keys, String... args) {
        RedisClusterAsyncCommands<String, String> c = connection.get();
        if (c == null) {
            return notConnected();
        }
        CompletionStage<List<Object>> bySha = inFlight.send(
                () -> c.<List<Object>>evalsha(script.sha, ScriptOutputType.MULTI, keys, args));
        return bySha.handle((ok, e) -> {
            if (e == null) {
                return CompletableFuture.completedFuture(ok);
            }
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RedisNoScriptException) {
                return inFlight.send(() -> c.<List<Object>>eval(script.text, ScriptOutputType.MULTI, keys, args));
            }
            return CompletableFuture.<List<Object>>failedFuture(cause);
        }).thenCompose(s -> s);
    }

    private static CompletionStage<List<Object>> notConnected() {
        return CompletableFuture.failedFuture(new RedisException("Not connected to Redis"));
    }

    /** A script and its SHA-1, which names it to EVALSHA. */
    private record Script(String text, String sha) {
        Script(String text) {
            this(text, sha1(text));
        }

        private static String sha1(String text) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
                return java.util.HexFormat.of().formatHex(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-1 is required of every Java platform", e);
            }
        }
    }
}
