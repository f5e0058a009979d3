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
    /** Incremented by {@link #forget}: a life of an older generation is read again before use. */
    private final AtomicLong generation = new AtomicLong();

    GridHistoryStore(HazelcastInstance hz, String prefix, Publisher publisher, ThreadPoolExecutor io) {
        this.hz = hz;
        this.prefix = prefix;
        this.lives = hz.getMap(prefix + ".history");
        this.publisher = publisher;
        this.io = io;
    }

    /**
     * A stream's appends from this node, in the order they were made: each is sent once the
     * stream's life is known, and published once it and every append before it are acknowledged.
     */
    private static final class Stream {
        final ArrayDeque<Append> queue = new ArrayDeque<>();
        Life life;
        boolean resolving;
    }

    private static final class Append {
        final String topic;
        final String message;
        final Limits limits;
        final CompletableFuture<Position> result = new CompletableFuture<>();
        CompletableFuture<Long> sequence;
        Life life;

        Append(String topic, String message, Limits limits) {
            this.topic = topic;
            this.message = message;
            this.limits = limits;
        }
    }

    @Override
    public CompletionStage<Position> append(String stream, String topic, String message, Limits limits) {
        Stream s = streams.computeIfAbsent(stream, k -> new Stream());
        Append a = new Append(topic, message, limits);
        synchronized (s) {
            s.queue.addLast(a);
            if (current(s.life)) {
                send(stream, s, a);
            } else if (!s.resolving) {
                s.resolving = true;
                s.life = null;
                lifeOf(stream, limits, true).whenComplete((life, e) -> resolved(stream, s, life, e));
            }
        }
        return a.result;
    }

    private boolean current(Life life) {
        return life != null && life.generation() == generation.get();
    }

    private void resolved(String stream, Stream s, Life life, Throwable failure) {
        synchronized (s) {
            s.resolving = false;
            if (failure != null) {
                for (Append a : List.copyOf(s.queue)) {
                    if (a.sequence == null) {
                        s.queue.remove(a);
                        a.result.completeExceptionally(failure);
                    }
                }
                return;
            }
            s.life = life;
            for (Append a : s.queue) {
                if (a.sequence == null) {
                    send(stream, s, a);
                }
            }
        }
    }

    /** Under the stream's monitor: sends one append (asynchronously). */
    private void send(String stream, Stream s, Append a) {
        a.life = s.life;
        String item = System.currentTimeMillis() + " " + a.life.epoch() + "\n" + a.message;
        try {
            a.sequence = ring(stream, a.life).addAsync(item, OverflowPolicy.OVERWRITE).toCompletableFuture();
        } catch (RuntimeException e) {
            a.sequence = CompletableFuture.failedFuture(e);
        }
        a.sequence.whenComplete((seq, e) -> publishDone(stream, s));
    }

    /** Publishes the acknowledged appends at the head of the queue, in order. */
    private void publishDone(String stream, Stream s) {
        synchronized (s) {
            for (Append a = s.queue.peekFirst(); a != null && a.sequence != null && a.sequence.isDone();
                    a = s.queue.peekFirst()) {
                s.queue.removeFirst();
                Throwable failure = failure(a.sequence);
                long offset = failure == null ? a.sequence.join() - a.life.base() + 1 : 0;
                if (failure == null && offset < 1) {
                    s.life = null; // the ring buffer started again under a life this node thought current
                    known.remove(stream);
                    failure = new IllegalStateException("the history of this stream was lost meanwhile");
                }
                if (failure != null) {
                    a.result.completeExceptionally(failure);
                    continue;
                }
                Position p = new Position(a.life.epoch(), offset);
                publish(a, p);
            }
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

    @Override
    public CompletionStage<Slice> read(String stream, long after, int max) {
        return lifeOf(stream, null, false).thenCompose(life -> {
            if (life == null) {
                return CompletableFuture.completedFuture(new Slice("", 0, List.of()));
            }
            Ringbuffer<String> ring = ring(stream, life);
            CompletableFuture<Long> tail = Pools.call(io, ring::tailSequence);
            CompletableFuture<ReadResultSet<String>> items = max <= 0 ? CompletableFuture.completedFuture(null)
                    : ring.readManyAsync(life.base() + Math.max(0, after), 0, Math.min(max, MAX_READ), null)
                            .toCompletableFuture();
            return tail.thenCombine(items, (t, rs) -> slice(stream, life, t, rs));
        });
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

    private static Throwable failure(CompletableFuture<?> f) {
        if (!f.isCompletedExceptionally()) {
            return null;
        }
        try {
            f.join();
            return null;
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            return e.getCause() != null ? e.getCause() : e;
        }
    }

}
