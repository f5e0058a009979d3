package dev.gatehouse.hazelcast.internal;

import com.hazelcast.config.RingbufferConfig;
import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.ringbuffer.OverflowPolicy;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import dev.gatehouse.spi.HistoryStore;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * History in Hazelcast: per stream an entry in the map {@code <prefix>.history} that names the
 * stream's life, {@code <epoch> <size> <age ms>}, and a {@link Ringbuffer} of that life's entries,
 * named after the stream and the epoch ({@code <prefix>.history.<size>.<age s>.<stream>~<epoch>@<stream>}):
 * an entry's offset is its ring buffer sequence plus 1. Both live in one partition (Hazelcast places
 * the ring buffer by the part after the {@code @}, as the map places the key {@code <stream>}), so
 * they are lost together, with every replica of that partition, or with the whole cluster. A life
 * whose entry is gone never comes back (epochs are random): the next append finds no entry and
 * starts a new life, a new epoch at offset 1 (put-if-absent, so every node takes the same one).
 *
 * <p>History lost is never silent. An append is published only after the life's entry was read
 * back once its ring buffer acknowledged it: had the entry gone meanwhile, the append may have
 * reached a new, empty ring buffer under the old name, whose offsets repeat the ones the life gave
 * before. It is then appended again under the stream's new life (once; a second loss fails it),
 * and the old ring buffer destroyed. So a stream's members only ever see a new epoch after a loss,
 * which the core tells them ({@code room_recovery}, {@code epoch_changed}), and a read answers the
 * life the map holds when it is made.
 *
 * <p>Quiet streams are forgotten: a life's entry has {@code history-idle} as its max idle time, and
 * every append (read back) and read reads it. Every {@code history-idle} each node {@link #sweep}s:
 * it destroys the ring buffers of lives the map no longer holds and drops what it kept of those
 * streams. So the ring buffers hold the streams used within about twice {@code history-idle}.
 *
 * <p>Limits: the ring buffer's capacity is the stream's size limit and its TTL the age limit
 * (rounded up to seconds; reads also leave out a leading run of entries older than the age to the
 * millisecond), through a dynamic ring buffer configuration per distinct pair of limits,
 * {@code <prefix>.history.<size>.<age s>.*}. A stream keeps the limits of the node that started its
 * life.
 *
 * <p>Append stores, then publishes: the ring buffer's add assigns the sequence; once it is
 * acknowledged (with its backup) and the life read back, the entry is published on the stream's
 * topic with its position. So no node sees a frame the history does not hold, and a node's
 * appends to one stream are published in the order they were made (a queue per stream; see
 * {@link Stream}). Appends of different nodes to one stream may be published out of offset order:
 * the receiving node waits for the missing one and reads it from the history if it does not come
 * (the core's gap filling).
 *
 * <p>Threading and locking: each stream's monitor guards its queue of appends and the life it
 * writes to; under it an append is sent (asynchronously) and completed appends are published
 * (asynchronously): nothing under it waits. Calls that block in Hazelcast's API (a life read or
 * put, a ring buffer's tail, a configuration added, a sweep) run on the io pool.
 */
final class GridHistoryStore implements HistoryStore {
    /** Hazelcast reads at most this many ring buffer items at once. */
    static final int MAX_READ = 1000;
    /** Appends sent in one ring buffer operation at most. */
    static final int MAX_BATCH = 500;
    /** Appends waiting for Hazelcast on this node beyond which an append fails at once. */
    static final int MAX_WAITING = 100_000;
    /** Hazelcast's name of the ring buffer service, as {@link DistributedObject#getServiceName()} says it. */
    static final String RINGBUFFER_SERVICE = "hz:impl:ringbufferService";
    private static final Logger LOG = System.getLogger("dev.gatehouse.hazelcast");
    private static final Slice NONE = new Slice("", 0, List.of());
    /** What follows {@code <prefix>.history.} in the name of one of this store's ring buffers. */
    private static final Pattern RING_NAME = Pattern.compile("\\d+\\.\\d+\\..*@.*");

    /** Sends a positioned publication; returns when it is handed to Hazelcast. */
    interface Publisher {
        CompletionStage<?> publish(String topic, Position position, String message);
    }

    /** One life of a stream's history: its epoch and its limits. */
    record Life(String epoch, int size, long ageMillis) {
        String encode() {
            return epoch + " " + size + " " + ageMillis;
        }

        static Life decode(String text) {
            String[] p = text.split(" ");
            return new Life(p[0], Integer.parseInt(p[1]), Long.parseLong(p[2]));
        }
    }

    private final HazelcastInstance hz;
    private final String names;
    private final IMap<String, String> lives;
    private final long idleMillis;
    private final Publisher publisher;
    private final ThreadPoolExecutor io;
    private final BooleanSupplier reachable;
    private final Map<String, Stream> streams = new ConcurrentHashMap<>();
    private final Set<String> configured = ConcurrentHashMap.newKeySet();
    private final AtomicInteger waiting = new AtomicInteger();

    /**
     * @param reachable whether the cluster can be reached now; an append while it cannot fails at once
     */
    GridHistoryStore(HazelcastInstance hz, String prefix, Duration idle, Publisher publisher, ThreadPoolExecutor io,
            BooleanSupplier reachable) {
        this.hz = hz;
        this.names = prefix + ".history.";
        this.lives = hz.getMap(prefix + ".history");
        this.idleMillis = idle.toMillis() + 1000; // Hazelcast counts in whole seconds: never less than idle
        this.publisher = publisher;
        this.io = io;
        this.reachable = reachable;
    }

    /**
     * A stream's appends from this node, in the order they were made. At most one batch is in
     * flight per stream: the appends that came meanwhile go in the next one, as one
     * {@code addAllAsync} (consecutive sequences, in order), sent when the previous batch is
     * acknowledged and published. Hazelcast retries an operation that met a migrating partition,
     * so two adds in flight at once could be applied out of order; one batch at a time keeps a
     * node's appends to a stream in the order they were made, and costs two round trips per batch
     * (the add, the life read back), not per frame.
     */
    private static final class Stream {
        final ArrayDeque<Append> waiting = new ArrayDeque<>();
        Limits limits;
        Life life;
        Ringbuffer<String> ring;
        boolean attaching;
        boolean inFlight;
        /** Dropped by a sweep: an append takes a new one. */
        boolean dropped;

        boolean idle() {
            return waiting.isEmpty() && !attaching && !inFlight;
        }
    }

    private static final class Append {
        final String topic;
        final String message;
        final CompletableFuture<Position> result = new CompletableFuture<>();
        /** Sent once already, under a life that was lost meanwhile. */
        boolean again;

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
        Append a = new Append(topic, message);
        a.result.whenComplete((p, e) -> waiting.decrementAndGet());
        while (true) {
            Stream s = streams.computeIfAbsent(stream, k -> new Stream());
            synchronized (s) {
                if (!s.dropped) {
                    s.limits = limits != null ? limits : new Limits(1000, Duration.ofMinutes(5));
                    s.waiting.addLast(a);
                    next(stream, s);
                    return a.result;
                }
            }
        }
    }

    /** Under the stream's monitor: sends the waiting appends if nothing is in flight, or finds the life first. */
    private void next(String stream, Stream s) {
        if (s.inFlight || s.attaching || s.waiting.isEmpty()) {
            return;
        }
        if (s.life == null) {
            s.attaching = true;
            Limits limits = s.limits;
            Pools.call(io, () -> attach(stream, limits)).whenComplete((a, e) -> attached(stream, s, a, e));
            return;
        }
        List<Append> batch = new ArrayList<>(Math.min(s.waiting.size(), MAX_BATCH));
        while (!s.waiting.isEmpty() && batch.size() < MAX_BATCH) {
            batch.add(s.waiting.pollFirst());
        }
        Life life = s.life;
        List<String> items = new ArrayList<>(batch.size());
        String stamp = System.currentTimeMillis() + "\n";
        for (Append a : batch) {
            items.add(stamp + a.message);
        }
        s.inFlight = true;
        CompletableFuture<Long> added;
        try {
            added = s.ring.addAllAsync(items, OverflowPolicy.OVERWRITE).toCompletableFuture();
        } catch (RuntimeException e) {
            added = CompletableFuture.failedFuture(e);
        }
        added.thenCompose(last -> lives.getAsync(stream).thenApply(now -> isLife(now, life) ? last : null))
                .whenComplete((last, e) -> acknowledged(stream, s, life, batch, last, e));
    }

    /** A stream's life and its ring buffer, as the map holds it. */
    private record Attached(Life life, Ringbuffer<String> ring) {
    }

    /** On the io pool: the stream's life the map holds, or a new one put if there is none, and its ring buffer. */
    private Attached attach(String stream, Limits limits) {
        String text = lives.get(stream);
        Life life;
        if (text != null) {
            life = Life.decode(text);
        } else {
            Life fresh = new Life(newEpoch(), limits.size(), Math.max(1, millis(limits.age())));
            String existing = lives.putIfAbsent(stream, fresh.encode(), 0, TimeUnit.MILLISECONDS, idleMillis,
                    TimeUnit.MILLISECONDS);
            life = existing == null ? fresh : Life.decode(existing);
        }
        return new Attached(life, ring(stream, life));
    }

    private void attached(String stream, Stream s, Attached attached, Throwable failure) {
        synchronized (s) {
            s.attaching = false;
            if (failure != null) {
                List<Append> failed = List.copyOf(s.waiting);
                s.waiting.clear();
                for (Append a : failed) {
                    a.result.completeExceptionally(failure);
                }
                return;
            }
            s.life = attached.life();
            s.ring = attached.ring();
            next(stream, s);
        }
    }

    /**
     * A batch acknowledged and the life read back (or failed): published in order, then the next
     * batch. A null {@code lastSequence} without a failure: the life was lost meanwhile.
     */
    private void acknowledged(String stream, Stream s, Life life, List<Append> batch, Long lastSequence,
            Throwable failure) {
        if (failure == null && lastSequence == null) {
            destroy(stream, life); // the add may have made an empty ring buffer under its name
            synchronized (s) {
                if (s.life == life) {
                    s.life = null;
                    s.ring = null;
                }
                for (int i = batch.size() - 1; i >= 0; i--) {
                    Append a = batch.get(i);
                    if (a.again) {
                        a.result.completeExceptionally(new IllegalStateException("the history of " + stream
                                + " was lost twice while this frame was appended"));
                    } else {
                        a.again = true;
                        s.waiting.addFirst(a);
                    }
                }
                s.inFlight = false;
                next(stream, s);
            }
            return;
        }
        long first = failure == null ? lastSequence - batch.size() + 2 : 0;
        for (int i = 0; i < batch.size(); i++) {
            if (failure != null) {
                batch.get(i).result.completeExceptionally(failure);
            } else {
                publish(batch.get(i), new Position(life.epoch(), first + i));
            }
        }
        synchronized (s) {
            s.inFlight = false;
            next(stream, s);
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

    /** Reads with the life the map holds now (none: an empty slice, whatever this node saw before). */
    @Override
    public CompletionStage<Slice> read(String stream, long after, int max) {
        return Pools.call(io, () -> {
            String text = lives.get(stream);
            if (text == null) {
                return CompletableFuture.completedFuture(NONE);
            }
            Life life = Life.decode(text);
            Ringbuffer<String> ring = ring(stream, life);
            CompletableFuture<ReadResultSet<String>> items = max <= 0 ? CompletableFuture.completedFuture(null)
                    : ring.readManyAsync(Math.max(0, after), 0, Math.min(max, MAX_READ), null).toCompletableFuture();
            long tail = ring.tailSequence();
            return items.thenApply(rs -> slice(life, tail, rs));
        }).thenCompose(slice -> slice);
    }

    private static Slice slice(Life life, long tail, ReadResultSet<String> rs) {
        long top = tail + 1;
        List<Entry> entries = new ArrayList<>(rs == null ? 0 : rs.size());
        long cutoff = System.currentTimeMillis() - life.ageMillis();
        for (int i = 0; rs != null && i < rs.size(); i++) {
            String item = rs.get(i);
            int newline = item.indexOf('\n');
            long stored = Long.parseLong(item.substring(0, newline));
            if (entries.isEmpty() && stored < cutoff) {
                continue; // expired
            }
            long offset = rs.getSequence(i) + 1;
            entries.add(new Entry(offset, stored, item.substring(newline + 1)));
            top = Math.max(top, offset);
        }
        return new Slice(life.epoch(), top, List.copyOf(entries));
    }

    /**
     * Every {@code history-idle} (on the io pool): destroys the ring buffers whose life the map no
     * longer holds, and drops this node's state of such streams. The ring buffers are listed
     * before the map is read, and a life is put before its ring buffer exists, so a life that is
     * new is never taken for gone. The map is read by a query, which keeps no entry from idling out.
     * Only names of this store's shape count ({@code <prefix>.history.<size>.<age s>.…@…}), not
     * those of a Gatehouse cluster whose prefix starts with this one's.
     */
    void sweep() {
        Pools.call(io, () -> {
            List<DistributedObject> rings = new ArrayList<>();
            for (DistributedObject o : hz.getDistributedObjects()) {
                if (RINGBUFFER_SERVICE.equals(o.getServiceName()) && o.getName().startsWith(names)
                        && RING_NAME.matcher(o.getName()).region(names.length(), o.getName().length()).matches()) {
                    rings.add(o);
                }
            }
            Map<String, String> epochs = new HashMap<>();
            for (Map.Entry<String, String> e : lives.entrySet()) {
                epochs.put(e.getKey(), Life.decode(e.getValue()).epoch());
            }
            int destroyed = 0;
            for (DistributedObject ring : rings) {
                String name = ring.getName();
                int at = name.indexOf('@');
                int tilde = name.lastIndexOf('~', at);
                if (tilde < 0 || !name.substring(tilde + 1, at).equals(epochs.get(name.substring(at + 1)))) {
                    ring.destroy();
                    destroyed++;
                }
            }
            streams.forEach((stream, s) -> {
                synchronized (s) {
                    if (s.idle() && (s.life == null || !s.life.epoch().equals(epochs.get(stream)))) {
                        s.dropped = true;
                        streams.remove(stream, s);
                    }
                }
            });
            return destroyed;
        }).whenComplete((destroyed, e) -> {
            if (e != null) {
                LOG.log(Level.DEBUG, "History sweep failed; the next one tries again", e);
            } else if (destroyed > 0) {
                LOG.log(Level.DEBUG, "History sweep: {0,number,#} ring buffers of forgotten or lost streams destroyed",
                        destroyed);
            }
        });
    }

    /** Destroys a lost life's ring buffer (on the io pool; a failure leaves it to a sweep). */
    private void destroy(String stream, Life life) {
        Pools.call(io, () -> {
            ring(stream, life).destroy();
            return null;
        });
    }

    private static boolean isLife(String text, Life life) {
        return text != null && Life.decode(text).epoch().equals(life.epoch());
    }

    /** The ring buffer of a life, its configuration added first (once per node and pair of limits). */
    private Ringbuffer<String> ring(String stream, Life life) {
        String pattern = names + life.size() + "." + (life.ageMillis() + 999) / 1000 + ".";
        if (!configured.contains(pattern)) {
            hz.getConfig().addRingBufferConfig(new RingbufferConfig(pattern + "*").setCapacity(life.size())
                    .setTimeToLiveSeconds((int) Math.min(Integer.MAX_VALUE, (life.ageMillis() + 999) / 1000))
                    .setBackupCount(1).setAsyncBackupCount(0));
            configured.add(pattern);
        }
        return hz.getRingbuffer(pattern + stream.replace("%", "%25").replace("@", "%40") + "~" + life.epoch() + "@"
                + stream);
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
