package dev.gatehouse.internal.cluster;

import dev.gatehouse.spi.HistoryStore;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * History in this JVM's memory: the store of a node alone, and of the nodes of one
 * {@link InProcessBackplane}. Each stream gets a fresh random epoch when it is first written (so a
 * restarted node, or a stream that expired and came back, never reuses an epoch a client holds) and
 * keeps at most its size bound of entries, each for at most its age bound. The sweep (at most one
 * per second, on an append) drops expired entries of idle streams, and forgets a stream, its epoch
 * and offset with it, only after a day without an append (or its age, if longer): as the Redis
 * store keeps a stream's position, so that a room that was merely quiet keeps its epoch and its
 * connected members are not told to reload.
 *
 * <p>Locking rule: each stream's monitor guards its entries; under it an append takes the next
 * offset, stores the entry and hands it to {@code publish} (which only queues it), so that every
 * receiver gets a stream's entries in offset order. Nothing else runs under it.
 */
final class MemoryHistoryStore implements HistoryStore {
    /** Hands an appended entry to the receivers of its topic; only queues, never blocks. */
    interface Publisher {
        void publish(String topic, Position position, String message);
    }

    private final Map<String, Stream> streams = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Publisher publisher;
    private static final long KEEP_POSITION_MILLIS = java.time.Duration.ofDays(1).toMillis();
    private final AtomicLong entries = new AtomicLong();
    private volatile long nextSweep;

    MemoryHistoryStore(Clock clock, Publisher publisher) {
        this.clock = clock;
        this.publisher = publisher;
    }

    private static final class Stream {
        final String epoch = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
        final ArrayDeque<Entry> entries = new ArrayDeque<>();
        long top;
        long ageMillis;
        long newestMillis;
    }

    @Override
    public CompletionStage<Position> append(String stream, String topic, String message, Limits limits) {
        long now = clock.millis();
        sweep(now);
        while (true) {
            Stream s = streams.computeIfAbsent(stream, k -> new Stream());
            synchronized (s) {
                if (streams.get(stream) != s) {
                    continue; // swept meanwhile: a new stream, with a new epoch
                }
                s.ageMillis = limits.age().toMillis();
                s.newestMillis = now;
                Position position = new Position(s.epoch, ++s.top);
                s.entries.addLast(new Entry(position.offset(), now, message));
                entries.incrementAndGet();
                trim(s, limits.size(), now);
                publisher.publish(topic, position, message);
                return CompletableFuture.completedFuture(position);
            }
        }
    }

    @Override
    public CompletionStage<Slice> read(String stream, long after, int max) {
        Stream s = streams.get(stream);
        if (s == null) {
            return CompletableFuture.completedFuture(new Slice("", 0, List.of()));
        }
        synchronized (s) {
            trim(s, Integer.MAX_VALUE, clock.millis());
            List<Entry> out = new ArrayList<>(Math.min(max, s.entries.size()));
            for (Entry e : s.entries) {
                if (out.size() >= max) {
                    break;
                }
                if (e.offset() > after) {
                    out.add(e);
                }
            }
            return CompletableFuture.completedFuture(new Slice(s.epoch, s.top, out));
        }
    }

    /** {@return the entries held, for the history size meter} */
    long size() {
        return entries.get();
    }

    /** Under the stream's monitor: drops the entries beyond the size bound or past their age. */
    private void trim(Stream s, int size, long now) {
        while (!s.entries.isEmpty() && (s.entries.size() > size || s.entries.peekFirst().storedAtMillis() < now - s.ageMillis)) {
            s.entries.removeFirst();
            entries.decrementAndGet();
        }
    }

    /** Drops expired entries, and forgets the streams idle for a day, at most once a second. */
    private void sweep(long now) {
        if (now < nextSweep) {
            return;
        }
        nextSweep = now + 1000;
        streams.forEach((name, s) -> {
            synchronized (s) {
                trim(s, Integer.MAX_VALUE, now);
                if (s.newestMillis < now - Math.max(s.ageMillis, KEEP_POSITION_MILLIS)) {
                    streams.remove(name, s);
                }
            }
        });
    }
}
