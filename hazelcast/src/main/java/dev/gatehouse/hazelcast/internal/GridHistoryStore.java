package dev.gatehouse.hazelcast.internal;

import com.hazelcast.config.RingbufferConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.ringbuffer.OverflowPolicy;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import dev.gatehouse.HistoryStore;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * History in Hazelcast: per stream a {@link Ringbuffer} of its entries and an entry in the map
 * {@code <prefix>.history} that names the stream's life: {@code <epoch> <base> <size> <age ms>}.
 * Both live in one partition (the ring buffer is named {@code …@<stream>}, which Hazelcast places
 * by the part after the {@code @}, as the map places the key {@code <stream>}), so they are lost
 * together, with every replica of that partition, or with the whole cluster; the next append then
 * finds no entry and starts a new epoch (put-if-absent, so every node takes the same one), at
 * offset 1: an entry's offset is its ring buffer sequence minus {@code base}, plus 1.
 *
 * <p>Limits: the ring buffer's capacity is the stream's size limit and its TTL the age limit
 * (rounded up to seconds; reads also leave out a leading run of entries older than the age to the
 * millisecond), through a dynamic ring buffer configuration per distinct pair of limits,
 * {@code <prefix>.history.<size>.<age s>.*}. A stream keeps the limits of the node that started its
 * epoch.
 *
 * <p>Append stores, then publishes: the ring buffer's add assigns the sequence; once it is
 * acknowledged (with its backup), the entry is published on the stream's topic with its position.
 * So no node sees a frame the history does not hold, and a node's appends to one stream are
 * published in the order they were made (a queue per stream; see {@link Stream}). Appends of
 * different nodes to one stream may be published out of offset order: the receiving node waits for
 * the missing one and reads it from the history if it does not come (the core's gap filling).
 *
 * <p>Threading and locking: each stream's monitor guards its queue of appends and the life it
 * writes to; under it an append is sent (asynchronously) and completed appends are published
 * (asynchronously): nothing under it waits. Calls that block in Hazelcast's API (a ring buffer's
 * tail, a put-if-absent, adding a configuration) run on the io pool. Which lives this node knows is
 * forgotten when a partition is lost or the client joined another cluster ({@link #forget}).
 */
final class GridHistoryStore implements HistoryStore {
    /** Hazelcast reads at most this many ring buffer items at once. */
    static final int MAX_READ = 1000;
    /** Appends sent in one ring buffer operation at most. */
    static final int MAX_BATCH = 500;
    /** Appends waiting for Hazelcast on this node beyond which an append fails at once. */
    static final int MAX_WAITING = 100_000;

    /** Sends a positioned publication; returns when it is handed to Hazelcast. */
    interface Publisher {
        CompletionStage<?> publish(String topic, Position position, String message);
    }

    /** One life of a stream's history: its epoch, the ring buffer sequence of offset 1, its limits. */
    record Life(String epoch, long base, int size, long ageMillis, long generation) {
        String encode() {
            return epoch + " " + base + " " + size + " " + ageMillis;
        }

        static Life decode(String text, long generation) {
            String[] p = text.split(" ");
            return new Life(p[0], Long.parseLong(p[1]), Integer.parseInt(p[2]), Long.parseLong(p[3]), generation);
        }
    }

    private final HazelcastInstance hz;
    private final String prefix;
    private final IMap<String, String> lives;
    private final Publisher publisher;
    private final ThreadPoolExecutor io;
    private final Map<String, Stream> streams = new ConcurrentHashMap<>();
    /** Which lives this node read, per stream, for reads. */
    private final Map<String, Life> known = new ConcurrentHashMap<>();
    private final Set<String> configured = ConcurrentHashMap.newKeySet();
    private final AtomicInteger waiting = new AtomicInteger();
    /** Whether the cluster can be reached now; an append while it cannot fails at once. */
    private final java.util.function.BooleanSupplier reachable;
    /** Incremented by {@link #forget}: a life of an older generation is read again before use. */
    private final AtomicLong generation = new AtomicLong();

    GridHistoryStore(HazelcastInstance hz, String prefix, Publisher publisher, ThreadPoolExecutor io,
            java.util.function.BooleanSupplier reachable) {
        this.reachable = reachable;
        this.hz = hz;
        this.prefix = prefix;
        this.lives = hz.getMap(prefix + ".history");
        this.publisher = publisher;
        this.io = io;
    }

    /**
     * A stream's appends from this node, in the order they were made. At most one batch is in
     * flight per stream: the appends that came meanwhile go in the next one, as one
     * {@code addAllAsync} (consecutive sequences, in order), sent when the previous batch is
     * acknowledged and published. Hazelcast retries an operation that met a migrating partition,
     * so two adds in flight at once could be applied out of order; one batch at a time keeps a
     * node's appends to a stream in the order they were made, and costs one round trip per batch,
     * not per frame.
     */
    private static final class Stream {
        final ArrayDeque<Append> waiting = new ArrayDeque<>();
        Life life;
        boolean resolving;
        boolean inFlight;
    }

    private static final class Append {
        final String topic;
        final String message;
        final CompletableFuture<Position> result = new CompletableFuture<>();

        Append(String topic, String message) {
            this.topic = topic;
            this.message = message;
        }
    }

    @Override
    public CompletionStage<Position> append(String stream, String topic, String message, Limits limits) {
        if (!reachable.getAsBoolean()) {
            return CompletableFuture.failedFuture(new IllegalStateException("Hazelcast is not reachable"));
        }
        if (waiting.incrementAndGet() > MAX_WAITING) {
            waiting.decrementAndGet();
            return CompletableFuture.failedFuture(new IllegalStateException(MAX_WAITING
                    + " history appends wait for Hazelcast"));
        }
        Stream s = streams.computeIfAbsent(stream, k -> new Stream());
        Append a = new Append(topic, message);
        a.result.whenComplete((p, e) -> waiting.decrementAndGet());
        synchronized (s) {
            s.waiting.addLast(a);
            next(stream, s, limits);
        }
        return a.result;
    }

    /** Under the stream's monitor: sends the waiting appends if nothing is in flight, or finds the life first. */
    private void next(String stream, Stream s, Limits limits) {
        if (s.inFlight || s.resolving || s.waiting.isEmpty()) {
            return;
        }
        if (!current(s.life)) {
            s.resolving = true;
            s.life = null;
            Limits l = limits != null ? limits : new Limits(1000, Duration.ofMinutes(5));
            lifeOf(stream, l, true).whenComplete((life, e) -> resolved(stream, s, life, e, l));
            return;
        }
        List<Append> batch = new ArrayList<>(Math.min(s.waiting.size(), MAX_BATCH));
        while (!s.waiting.isEmpty() && batch.size() < MAX_BATCH) {
            batch.add(s.waiting.pollFirst());
        }
        Life life = s.life;
        List<String> items = new ArrayList<>(batch.size());
        String stamp = System.currentTimeMillis() + " " + life.epoch() + "\n";
        for (Append a : batch) {
            items.add(stamp + a.message);
        }
        s.inFlight = true;
        CompletableFuture<Long> added;
        try {
            added = ring(stream, life).addAllAsync(items, OverflowPolicy.OVERWRITE).toCompletableFuture();
        } catch (RuntimeException e) {
            added = CompletableFuture.failedFuture(e);
        }
        added.whenComplete((lastSequence, e) -> acknowledged(stream, s, life, batch, lastSequence, e, limits));
    }

    private boolean current(Life life) {
        return life != null && life.generation() == generation.get();
    }

    private void resolved(String stream, Stream s, Life life, Throwable failure, Limits limits) {
        synchronized (s) {
            s.resolving = false;
            if (failure != null) {
                List<Append> failed = List.copyOf(s.waiting);
                s.waiting.clear();
                failed.forEach(a -> a.result.completeExceptionally(failure));
                return;
            }
            s.life = life;
            next(stream, s, limits);
        }
    }

    /** A batch acknowledged (or failed): published in order, then the next batch. */
    private void acknowledged(String stream, Stream s, Life life, List<Append> batch, Long lastSequence,
            Throwable failure, Limits limits) {
        long first = failure == null ? lastSequence - batch.size() + 1 - life.base() + 1 : 0;
        if (failure == null && first < 1) {
            failure = new IllegalStateException("the history of " + stream + " was lost meanwhile");
            known.remove(stream);
            synchronized (s) {
                s.life = null; // the ring buffer started again under a life this node thought current
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            Append a = batch.get(i);
            if (failure != null) {
                a.result.completeExceptionally(failure);
            } else {
                publish(a, new Position(life.epoch(), first + i));
            }
        }
        synchronized (s) {
            s.inFlight = false;
            next(stream, s, limits);
        }
    }

    private void publish(Append a, Position p) {
        CompletionStage<?> sent;
        try {
            sent = publisher.publish(a.topic, p, a.message);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((ok, e) -> {
            if (e != null) {
                a.result.completeExceptionally(e);
            } else {
                a.result.complete(p);
            }
        });
    }

    /**
     * Reads with the life this node knows and, at the same time, the life the map holds now: when
     * they differ (the history was lost, or started again), reads again with the map's. So a read
     * never answers an old epoch for a history that was lost, even before this node heard of it.
     */
    @Override
    public CompletionStage<Slice> read(String stream, long after, int max) {
        Life cached = known.get(stream);
        if (cached == null) {
            return lifeOf(stream, null, false).thenCompose(life -> life == null
                    ? CompletableFuture.completedFuture(new Slice("", 0, List.of())) : readFrom(stream, life, after, max));
        }
        CompletableFuture<String> now = lives.getAsync(stream).toCompletableFuture();
        CompletableFuture<Slice> read = readFrom(stream, cached, after, max).handle((slice, e) -> slice);
        return now.thenCombine(read, (text, slice) -> text).thenCompose(text -> {
            Slice slice = read.join();
            if (text == null) {
                known.remove(stream);
                return CompletableFuture.completedFuture(new Slice("", 0, List.of()));
            }
            Life life = Life.decode(text, cached.generation());
            if (slice != null && life.epoch().equals(cached.epoch()) && life.base() == cached.base()) {
                return CompletableFuture.completedFuture(slice);
            }
            Life fresh = Life.decode(text, generation.get());
            known.put(stream, fresh);
            return configure(fresh).thenCompose(x -> readFrom(stream, fresh, after, max));
        });
    }

    private CompletableFuture<Slice> readFrom(String stream, Life life, long after, int max) {
        Ringbuffer<String> ring = ring(stream, life);
        CompletableFuture<Long> tail = Pools.call(io, ring::tailSequence);
        CompletableFuture<ReadResultSet<String>> items = max <= 0 ? CompletableFuture.completedFuture(null)
                : ring.readManyAsync(life.base() + Math.max(0, after), 0, Math.min(max, MAX_READ), null)
                        .toCompletableFuture();
        return tail.thenCombine(items, (t, rs) -> slice(stream, life, t, rs));
    }

    private Slice slice(String stream, Life life, long tail, ReadResultSet<String> rs) {
        long top = tail - life.base() + 1;
        if (top < 0) {
            known.remove(stream, life); // the ring buffer started again: read the life again next time
            throw new IllegalStateException("the history of " + stream + " was lost meanwhile");
        }
        List<Entry> entries = new ArrayList<>(rs == null ? 0 : rs.size());
        long cutoff = System.currentTimeMillis() - life.ageMillis();
        for (int i = 0; rs != null && i < rs.size(); i++) {
            String item = rs.get(i);
            int space = item.indexOf(' ');
            int newline = item.indexOf('\n');
            long stored = Long.parseLong(item.substring(0, space));
            if (!item.substring(space + 1, newline).equals(life.epoch()) || entries.isEmpty() && stored < cutoff) {
                continue; // another life's entry (a ring buffer that started again), or expired
            }
            long offset = rs.getSequence(i) - life.base() + 1;
            entries.add(new Entry(offset, stored, item.substring(newline + 1)));
            top = Math.max(top, offset);
        }
        return new Slice(life.epoch(), top, List.copyOf(entries));
    }

    /**
     * The stream's life: the one this node knows, else the map's; when the map has none and
     * {@code create}, a new one (the ring buffer's next sequence as base), put if absent.
     */
    private CompletableFuture<Life> lifeOf(String stream, Limits limits, boolean create) {
        long gen = generation.get();
        Life cached = known.get(stream);
        if (cached != null && cached.generation() == gen) {
            return configure(cached).thenApply(x -> cached);
        }
        return lives.getAsync(stream).toCompletableFuture().thenCompose(text -> {
            if (text != null && !create) {
                Life life = Life.decode(text, gen);
                known.put(stream, life);
                return configure(life).thenApply(x -> life);
            }
            if (text != null) {
                Life life = Life.decode(text, gen);
                return configure(life).thenCompose(x -> Pools.call(io, () -> checked(stream, text, life)))
                        .thenApply(checked -> {
                            known.put(stream, checked);
                            return checked;
                        });
            }
            if (!create) {
                return CompletableFuture.completedFuture(null);
            }
            Life fresh = new Life(newEpoch(), 0, limits.size(), Math.max(1, millis(limits.age())), gen);
            return configure(fresh).thenCompose(x -> Pools.call(io, () -> {
                long base = ring(stream, fresh).tailSequence() + 1;
                Life mine = new Life(fresh.epoch(), base, fresh.size(), fresh.ageMillis(), gen);
                String existing = lives.putIfAbsent(stream, mine.encode());
                return existing == null ? mine : Life.decode(existing, gen);
            })).thenCompose(life -> {
                known.put(stream, life);
                return configure(life).thenApply(x -> life);
            });
        });
    }

    /**
     * On the io pool, before this node appends under a life it read: the ring buffer must not have
     * started again below the life's base (it would give offsets the life gave before); if it did,
     * a new epoch replaces the life.
     */
    private Life checked(String stream, String text, Life life) {
        long tail = ring(stream, life).tailSequence();
        if (tail + 1 >= life.base()) {
            return life;
        }
        Life next = new Life(newEpoch(), tail + 1, life.size(), life.ageMillis(), life.generation());
        if (lives.replace(stream, text, next.encode())) {
            return next;
        }
        String now = lives.get(stream);
        if (now == null) {
            throw new IllegalStateException("the history of " + stream + " was lost meanwhile");
        }
        return Life.decode(now, life.generation());
    }

    /** The ring buffer configuration of a life's limits, added once per node (dynamic configuration). */
    private CompletableFuture<Void> configure(Life life) {
        String pattern = pattern(life);
        if (configured.contains(pattern)) {
            return CompletableFuture.completedFuture(null);
        }
        return Pools.call(io, () -> {
            hz.getConfig().addRingBufferConfig(new RingbufferConfig(pattern).setCapacity(life.size())
                    .setTimeToLiveSeconds((int) Math.min(Integer.MAX_VALUE, (life.ageMillis() + 999) / 1000))
                    .setBackupCount(1).setAsyncBackupCount(0));
            configured.add(pattern);
            return null;
        });
    }

    private String pattern(Life life) {
        return prefix + ".history." + life.size() + "." + (life.ageMillis() + 999) / 1000 + ".*";
    }

    private Ringbuffer<String> ring(String stream, Life life) {
        String base = pattern(life);
        return hz.getRingbuffer(base.substring(0, base.length() - 1) + stream.replace("%", "%25").replace("@", "%40")
                + "@" + stream);
    }

    /** Lives read so far may be gone (a partition lost, another cluster): read them again before use. */
    void forget() {
        generation.incrementAndGet();
        known.clear();
    }

    /** A fresh epoch: 10 random base-36 characters. */
    static String newEpoch() {
        long tenDigits = 3_656_158_440_062_976L; // 36^10
        return Long.toString(ThreadLocalRandom.current().nextLong(tenDigits / 36, tenDigits), 36);
    }

    private static long millis(Duration d) {
        try {
            return d.toMillis();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 2;
        }
    }


}
