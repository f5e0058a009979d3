package dev.gatehouse.internal.cluster;

import dev.gatehouse.ConnectionState;
import dev.gatehouse.internal.codec.JsonText;
import dev.gatehouse.internal.codec.ProtocolFrames;
import dev.gatehouse.internal.lifecycle.BurstLog;
import dev.gatehouse.internal.lifecycle.ManagedConnection;
import dev.gatehouse.internal.lifecycle.Workers;
import dev.gatehouse.internal.metrics.GatehouseMetrics;
import dev.gatehouse.spi.HistoryStore.Entry;
import dev.gatehouse.spi.HistoryStore.Limits;
import dev.gatehouse.spi.HistoryStore.Position;
import dev.gatehouse.spi.HistoryStore.Slice;
import dev.gatehouse.spi.HistoryStore;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers the frames of streams with history (rooms matching {@code gatehouse.history.rooms})
 * to this node's members, each once and in offset order, and recovers what a returning client
 * missed (PROTOCOL.md §3.6).
 *
 * <p>Every node, the sender's included, delivers a stream's frames only as the history store
 * publishes them, with their positions; a frame that arrives ahead of the next expected offset
 * waits (at most {@value #PENDING} per stream) while the missing ones are read from the store,
 * and when the store no longer has them the stream's members are told ({@code room_recovery},
 * {@code recovered: false}) before the next frame. Each member has a cursor, the last offset it
 * was sent; a member that stated a position gets the entries after it, read from the store,
 * before any live frame (which wait in its cursor meanwhile, at most {@value #BUFFERED}), then
 * the event.
 *
 * <p>Threading and locking: all state lives on one thread ({@code gatehouse-history}); callers
 * (handler threads, the backplane's, the reading threads) only queue tasks, and store reads
 * complete by queueing their answer. No lock. One call waits: {@link #position}, on a joining
 * thread, outside every lock, within the read time limit. Frames waiting for the thread are bounded
 * ({@value #FRAME_QUEUE}); one beyond it is dropped and counted, and the gap it leaves is filled
 * from the store like any other. Joins, leaves and read answers are never dropped (their number is
 * bounded by the memberships).
 *
 * <p>The store holds messages as signed by their sender ({@link MessageSigner}), and each is
 * checked as it is read, live or to fill a gap or a recovery: an entry someone wrote into the store
 * without the secret reaches no client (counted as {@code bad_signature}); its offset is skipped.
 */
final class HistoryFeeds {
    static final int FRAME_QUEUE = 65_536;
    /** Frames of one stream waiting for a gap before them to be filled. */
    static final int PENDING = 10_000;
    /** Live frames one recovering member holds until its replay is sent. */
    static final int BUFFERED = 10_000;
    private static final Logger LOG = System.getLogger("dev.gatehouse.history");

    private final HistoryStore store;
    private final MessageSigner signer;
    private final ProtocolFrames frames;
    private final GatehouseMetrics metrics;
    private final Clock clock;
    private final int recoveryLimit;
    private final Duration timeout;
    private final ThreadPoolExecutor thread;
    private final AtomicInteger framesQueued = new AtomicInteger();
    private final BurstLog droppedLog = new BurstLog(LOG, "history frames dropped: the history thread's queue is full", 10);
    private final BurstLog forgedLog = new BurstLog(LOG, "history entries dropped: not signed by a node", 10);
    private final BurstLog failedLog = new BurstLog(LOG, "frames not sent: the history store did not take them", 10);
    /** What clients said in {@code recover}, per connection id: stream → position; each used once. */
    private final Map<String, Stated> stated = new ConcurrentHashMap<>();
    /** On the thread only. */
    private final Map<String, Feed> feeds = new HashMap<>();

    /** What one connection's {@code recover} frame said. */
    private record Stated(Map<String, Position> positions, String previousConnectionId) {
    }

    /** Where one member's recovery starts: its client's position, and the connection it had before. */
    private record From(Position position, String previousConnectionId) {
    }

    HistoryFeeds(HistoryStore store, MessageSigner signer, ProtocolFrames frames, GatehouseMetrics metrics, Clock clock,
            int recoveryLimit, Duration timeout) {
        this.store = store;
        this.signer = signer;
        this.frames = frames;
        this.metrics = metrics;
        this.clock = clock;
        this.recoveryLimit = recoveryLimit;
        this.timeout = timeout;
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                Workers.daemonThreads("gatehouse-history"));
        metrics.historyStreams(feeds::size);
    }

    // ---- callers' threads: only queue ----

    /**
     * Appends a message to its stream; its delivery, here and on every node, follows the store's
     * publication. A message the store does not take is delivered to no one: counted, logged, and
     * {@code notAppended} is told.
     */
    void append(String stream, String topic, String message, Limits limits, Runnable notAppended) {
        try {
            store.append(stream, topic, message, limits).whenComplete((p, failure) -> {
                if (failure != null) {
                    notAppended(stream, failure, notAppended);
                }
            });
        } catch (RuntimeException e) {
            notAppended(stream, e, notAppended);
        }
    }

    private void notAppended(String stream, Throwable failure, Runnable tell) {
        metrics.historyAppendFailed();
        failedLog.event(stream + ": " + failure.getMessage());
        tell.run();
    }

    /** A publication of the store, with its position: from the backplane's thread or the memory store's caller. */
    void frame(Position position, String message) {
        if (framesQueued.incrementAndGet() > FRAME_QUEUE) {
            framesQueued.decrementAndGet();
            metrics.dropped("queue_full", 1);
            droppedLog.event(FRAME_QUEUE + " waiting");
            return;
        }
        if (!run(() -> {
            framesQueued.decrementAndGet();
            received(position, message);
        })) {
            framesQueued.decrementAndGet();
        }
    }

    /**
     * A client stated its positions ({@code recover}): those of rooms wait for the application's
     * joins; its own user stream, held since its welcome, recovers or goes on at once.
     */
    void stated(ManagedConnection c, Map<String, Position> positions, String previousConnectionId) {
        stated.put(c.id(), new Stated(Map.copyOf(positions), previousConnectionId));
        run(() -> spoke(c));
    }

    /**
     * The stream's position now, read from the store and waited for (at most the read time limit;
     * null when it did not answer): where a joining member's following starts, should its join be
     * the one that makes this node follow the stream. Every join reads it before it returns, outside
     * any lock: a read sent without waiting could reach the store after a frame the application
     * sends once the join returned (from another node, on another connection), and that frame would
     * then count as before the join. Whether this node follows the stream already is only known on
     * the history thread, later.
     */
    Slice position(String stream) {
        return bounded(stream, 0, 0).handle((slice, failure) -> failure == null ? slice : null).join();
    }

    /**
     * A connection became a member of a stream (only queues: called under the room's key lock): it
     * follows it from {@code start} on ({@link #position}), or from its stated position.
     */
    void joined(ManagedConnection c, String stream, Limits limits, Slice start) {
        From from = take(c, stream);
        run(() -> follow(c, stream, limits, start, from, false));
    }

    /**
     * A connection is welcomed and follows its user's stream: its frames wait until the client says
     * where it stands ({@code recover}), or for at most the read time limit, for a client that does
     * not.
     */
    void welcomed(ManagedConnection c, String stream, Limits limits) {
        Slice start = position(stream);
        run(() -> follow(c, stream, limits, start, null, true));
    }

    /** Takes a stream's stated position, used once; null when the client stated none. */
    private From take(ManagedConnection c, String stream) {
        From[] taken = new From[1];
        stated.computeIfPresent(c.id(), (id, old) -> {
            Position p = old.positions().get(stream);
            if (p == null) {
                return old;
            }
            taken[0] = new From(p, old.previousConnectionId());
            Map<String, Position> rest = new HashMap<>(old.positions());
            rest.remove(stream);
            return new Stated(Map.copyOf(rest), old.previousConnectionId()); // kept: the client has spoken
        });
        return taken[0];
    }

    /** A connection left a stream (or closed). */
    void left(ManagedConnection c, String stream) {
        run(() -> unfollow(c, stream));
    }

    /** A connection closed: what it stated is forgotten. */
    void closed(ManagedConnection c) {
        stated.remove(c.id());
    }

    /** Stops the thread after the tasks queued so far. */
    void close() {
        thread.shutdown();
    }

    /** Waits until the tasks queued so far ran (for tests). */
    void await() throws InterruptedException {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        if (run(done::countDown)) {
            done.await(5, TimeUnit.SECONDS);
        }
    }

    private boolean run(Runnable task) {
        try {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "A history task failed", e);
                }
            });
            return true;
        } catch (RejectedExecutionException stopped) {
            return false;
        }
    }

    /** A store read with the time limit, its answer queued for the thread. */
    private void read(String stream, long after, int max, java.util.function.BiConsumer<Slice, Throwable> then) {
        bounded(stream, after, max).whenComplete((slice, failure) -> run(() -> then.accept(slice, failure)));
    }

    /** A store read with the time limit. */
    private CompletableFuture<Slice> bounded(String stream, long after, int max) {
        CompletableFuture<Slice> read;
        try {
            read = store.read(stream, after, max).toCompletableFuture();
        } catch (RuntimeException e) {
            read = CompletableFuture.failedFuture(e);
        }
        return read.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    // ---- the thread ----

    /** One member's place in a stream. */
    private static final class Cursor {
        /** The last offset sent to it; {@code -1}: none yet (it takes whatever comes next). */
        long sent = -1;
        /** Live frames held while its replay is read (or its client's position awaited); null when not. */
        ArrayDeque<Out> held;
        boolean overflowed;
        /** Held until the client's {@code recover}: its user stream, from its welcome. */
        boolean awaiting;
    }

    /** A frame ready for members: its text with the position, and whom it skips. */
    private record Out(long offset, String text, String except) {
    }

    /** A stream followed by this node: its position and its members' cursors. */
    private final class Feed {
        final String stream;
        final Limits limits;
        final Map<ManagedConnection, Cursor> cursors = new LinkedHashMap<>();
        /** Frames ahead of a gap, by offset. */
        final TreeMap<Long, Pending> pending = new TreeMap<>();
        String epoch;
        /** The last offset delivered; meaningful once {@link #known}. */
        long last;
        boolean known;
        boolean filling;
        /** A catch-up was asked for while a read was under way: one more after it. */
        boolean again;

        Feed(String stream, Limits limits) {
            this.stream = stream;
            this.limits = limits;
        }
    }

    private record Pending(Position position, ClusterMessage message) {
    }

    private void follow(ManagedConnection c, String stream, Limits limits, Slice start, From from, boolean await) {
        if (c.state() == ConnectionState.CLOSING || c.state() == ConnectionState.CLOSED) {
            return; // its close's leave may have run already: it must not stay a member
        }
        Feed feed = feeds.get(stream);
        if (feed == null) {
            Feed created = new Feed(stream, limits);
            feeds.put(stream, created);
            feed = created;
            started(created, start);
        }
        Cursor cursor = new Cursor();
        feed.cursors.put(c, cursor);
        if (feed.known) {
            cursor.sent = feed.last;
        }
        if (await && stated.containsKey(c.id())) { // the client spoke already
            from = take(c, stream);
            await = false;
        }
        if (from != null) {
            recover(feed, c, cursor, from);
        } else if (await) {
            cursor.held = new ArrayDeque<>();
            cursor.awaiting = true;
            Feed f = feed;
            CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(() -> run(() -> release(f, c, cursor)));
        }
    }

    /** Reads what the member missed after its stated position; its live frames wait meanwhile. */
    private void recover(Feed feed, ManagedConnection c, Cursor cursor, From from) {
        if (cursor.held == null) {
            cursor.held = new ArrayDeque<>();
        }
        read(feed.stream, from.position().offset(), recoveryLimit, (slice, failure) ->
                recovered(feed, c, cursor, from.position(), from.previousConnectionId(), slice, failure));
    }

    /** The client spoke: its user stream, if held for it, recovers from the position it stated or goes on. */
    private void spoke(ManagedConnection c) {
        Feed feed = feeds.get(ClusterMessage.stream(ClusterMessage.Kind.USER, c.userId()));
        Cursor cur = feed == null ? null : feed.cursors.get(c);
        if (cur == null || !cur.awaiting) {
            return;
        }
        From from = take(c, feed.stream);
        if (from != null) {
            cur.awaiting = false;
            recover(feed, c, cur, from);
        } else {
            release(feed, c, cur);
        }
    }

    /** A member held for its client's word gets what waited for it, and follows live from now on. */
    private void release(Feed feed, ManagedConnection c, Cursor cur) {
        if (feed.cursors.get(c) != cur || !cur.awaiting) {
            return; // gone, or its client spoke (it recovers, or was released then)
        }
        cur.awaiting = false;
        ArrayDeque<Out> held = cur.held;
        cur.held = null;
        held.forEach(out -> send(c, cur, out));
    }

    private void unfollow(ManagedConnection c, String stream) {
        Feed feed = feeds.get(stream);
        if (feed != null) {
            feed.cursors.remove(c);
            if (feed.cursors.isEmpty()) {
                feeds.remove(stream);
            }
        }
    }

    /**
     * This node begins to follow the stream from its first member's {@link #position}: frames up to
     * it are before that join. Without it (the store did not answer) the first frame that comes
     * fixes where delivery starts.
     */
    private void started(Feed feed, Slice start) {
        if (start != null) {
            feed.epoch = start.epoch().isEmpty() ? null : start.epoch();
            feed.last = start.top();
            feed.known = true;
        }
    }

    private void received(Position position, String text) {
        ClusterMessage m = decode(text);
        if (m == null) {
            return;
        }
        Feed feed = feeds.get(ClusterMessage.stream(m.kind(), m.target()));
        if (feed != null) { // else no member here: nothing to deliver
            offer(feed, position, m);
        }
    }

    /** A stored message, or null (counted and logged) when it is not one a node signed. */
    private ClusterMessage decode(String text) {
        try {
            return ClusterMessage.decode(text, signer);
        } catch (ClusterMessage.BadSignature e) {
            metrics.dropped("bad_signature", 1);
            forgedLog.event(e.getMessage());
        } catch (RuntimeException e) {
            metrics.dropped("malformed", 1);
            forgedLog.event("not a Gatehouse message");
        }
        return null;
    }

    /** Delivers in offset order: the next one at once, a later one after the gap before it is filled. */
    private void offer(Feed feed, Position p, ClusterMessage message) {
        if (feed.epoch == null || !feed.known) {
            feed.epoch = p.epoch();
            if (!feed.known) {
                feed.last = p.offset() - 1;
                feed.known = true;
            }
        } else if (!feed.epoch.equals(p.epoch())) { // the history was lost: offsets start again
            feed.pending.clear();
            feed.epoch = p.epoch();
            feed.last = p.offset() - 1;
            metrics.historyGap(false);
            tellAll(feed, "epoch_changed");
        }
        if (p.offset() <= feed.last) {
            metrics.dropped("duplicate", 1);
            return;
        }
        if (p.offset() > feed.last + 1) {
            feed.pending.put(p.offset(), new Pending(p, message));
            if (feed.pending.size() > PENDING) {
                giveUp(feed, "unavailable");
            } else {
                fill(feed);
            }
            return;
        }
        deliver(feed, p.offset(), message);
        drain(feed);
    }

    private void drain(Feed feed) {
        while (!feed.pending.isEmpty() && feed.pending.firstKey() <= feed.last + 1) {
            Pending next = feed.pending.pollFirstEntry().getValue();
            if (next.position().offset() == feed.last + 1 && next.position().epoch().equals(feed.epoch)) {
                deliver(feed, next.position().offset(), next.message());
            }
        }
        if (!feed.pending.isEmpty()) {
            fill(feed);
        }
    }

    /**
     * Reads the frames between the last delivered and the first waiting one, or with none waiting
     * (a catch-up after the backplane was away) every frame after the last delivered, so that a
     * gap at the stream's end is found too. One read at a time per stream.
     */
    private void fill(Feed feed) {
        if (feed.filling) {
            feed.again = true;
            return;
        }
        if (!feed.known) {
            return;
        }
        feed.again = false;
        feed.filling = true;
        long after = feed.last;
        String epoch = feed.epoch;
        int missing = feed.pending.isEmpty() ? PENDING : (int) Math.min(PENDING, feed.pending.firstKey() - 1 - after);
        read(feed.stream, after, missing, (slice, failure) -> filled(feed, epoch, after, slice, failure));
    }

    private void filled(Feed feed, String epoch, long after, Slice slice, Throwable failure) {
        feed.filling = false;
        caughtUp(feed, epoch, after, slice, failure);
        if (feed.again && feeds.get(feed.stream) == feed) {
            fill(feed);
        }
    }

    private void caughtUp(Feed feed, String epoch, long after, Slice slice, Throwable failure) {
        if (feeds.get(feed.stream) != feed || !Objects.equals(epoch, feed.epoch) || feed.last != after) {
            drain(feed); // moved on meanwhile
            return;
        }
        boolean catchUp = feed.pending.isEmpty();
        if (catchUp && failure == null && slice.top() < after && slice.epoch().equals(epoch)) {
            // The store came back with fewer entries under the same epoch (a crash that lost its last
            // writes): the offsets after its top will be reused for other frames, so the members move
            // back to it and are told, as for a new epoch.
            metrics.historyGap(false);
            feed.last = slice.top();
            tellAll(feed, "epoch_changed");
            return;
        }
        if (catchUp && (failure != null || slice.epoch().isEmpty() || slice.top() <= after && slice.epoch().equals(epoch))) {
            return; // nothing missed, or nothing to tell
        }
        boolean sameEpoch = failure == null && (epoch == null || epoch.equals(slice.epoch()));
        long upTo = catchUp ? (sameEpoch ? slice.top() : after) : feed.pending.firstKey() - 1;
        if (sameEpoch) {
            feed.epoch = slice.epoch();
            for (Entry e : slice.entries()) {
                if (e.offset() == feed.last + 1 && e.offset() <= upTo) {
                    ClusterMessage m = decode(e.message());
                    if (m != null) {
                        deliver(feed, e.offset(), m);
                    } else {
                        feed.last = e.offset(); // a forged entry: skipped, no frame is missing
                    }
                }
            }
        }
        if (feed.last < upTo || !sameEpoch && catchUp) {
            metrics.historyGap(false);
            if (catchUp && !sameEpoch) { // the history was lost while the backplane was away
                feed.epoch = slice.epoch();
                upTo = slice.top();
            }
            feed.last = upTo;
            tellAll(feed, failure != null ? "unavailable" : sameEpoch ? "expired" : "epoch_changed");
        } else {
            metrics.historyGap(true);
        }
        drain(feed);
    }

    /** The backplane reached the other nodes again: every stream catches up with what it may have missed. */
    void resumed() {
        run(() -> feeds.values().forEach(this::fill));
    }

    /**
     * This node's subscription to a topic is in place: a room's stream catches up with what was
     * appended between its first member's join (where its delivery starts) and now.
     */
    void subscribed(String topic) {
        run(() -> {
            Feed feed = feeds.get(topic); // a room's topic is its stream's name (ClusterMessage.stream)
            if (feed != null) {
                fill(feed);
            }
        });
    }

    /** Too much waits behind a gap: its members are told, and delivery goes on after it. */
    private void giveUp(Feed feed, String reason) {
        metrics.historyGap(false);
        tellAll(feed, reason);
        feed.last = feed.pending.firstKey() - 1;
        drain(feed);
    }

    /** One frame to every member whose cursor is behind it; a recovering member holds it. */
    private void deliver(Feed feed, long offset, ClusterMessage m) {
        feed.last = offset;
        Out out = new Out(offset, positioned(m.body(), m.kind(), m.target(), feed.epoch, offset),
                m.except().isEmpty() ? null : m.except());
        for (Map.Entry<ManagedConnection, Cursor> e : feed.cursors.entrySet()) {
            Cursor cur = e.getValue();
            if (cur.held != null) {
                if (cur.held.size() < BUFFERED) {
                    cur.held.addLast(out);
                } else {
                    cur.overflowed = true;
                }
            } else {
                send(e.getKey(), cur, out);
            }
        }
    }

    private static void send(ManagedConnection c, Cursor cur, Out out) {
        if (out.offset() > cur.sent) {
            cur.sent = out.offset();
            if (!c.id().equals(out.except())) {
                c.sendFrame(out.text());
            }
        }
    }

    /** Every member that is not recovering hears that it missed frames; its cursor moves past them. */
    private void tellAll(Feed feed, String reason) {
        long position = feed.pending.isEmpty() ? feed.last : feed.pending.firstKey() - 1;
        String event = recoveryEvent(feed.stream, false, reason, 0, feed.epoch, position);
        feed.cursors.forEach((c, cur) -> {
            if (cur.held == null) {
                cur.sent = position;
                c.sendFrame(event);
            }
        });
    }

    /** A member's replay was read: every missed frame in order and {@code recovered: true}, or none and why. */
    private void recovered(Feed feed, ManagedConnection c, Cursor cur, Position from, String previous, Slice slice,
            Throwable failure) {
        if (feed.cursors.get(c) != cur) {
            return; // left, or closed, meanwhile
        }
        String reason = failure != null ? "unavailable"
                : !from.epoch().equals(slice.epoch()) || from.offset() > slice.top() ? "epoch_changed"
                : slice.top() - from.offset() > recoveryLimit || cur.overflowed ? "too_far_behind"
                : complete(slice, from.offset(), clock.millis() - feed.limits.age().toMillis()) ? null : "expired";
        ArrayDeque<Out> held = cur.held;
        cur.held = null;
        int replayed = 0;
        String epoch;
        if (reason == null) {
            epoch = slice.epoch();
            for (Entry e : slice.entries()) {
                ClusterMessage m = decode(e.message());
                if (m == null || !m.except().isEmpty() && (m.except().equals(previous) || m.except().equals(c.id()))) {
                    continue;
                }
                c.sendFrame(positioned(m.body(), m.kind(), m.target(), epoch, e.offset()));
                replayed++;
            }
            cur.sent = slice.top();
            metrics.historyReplayed(replayed);
        } else {
            // Every frame after this position reaches the member live: the first it holds, or the next the feed delivers.
            epoch = feed.known ? feed.epoch : null;
            cur.sent = !held.isEmpty() ? held.peekFirst().offset() - 1 : feed.known ? feed.last : -1;
        }
        metrics.historyRecovery(reason);
        c.sendFrame(recoveryEvent(feed.stream, reason == null, reason, replayed, epoch, cur.sent));
        for (Out out : held) {
            send(c, cur, out);
        }
    }

    /** Whether the slice holds every entry after {@code after} up to its top, in order, none stored before {@code oldest}. */
    private static boolean complete(Slice slice, long after, long oldest) {
        long expected = after + 1;
        for (Entry e : slice.entries()) {
            if (e.offset() != expected || e.storedAtMillis() < oldest) {
                return false;
            }
            expected++;
        }
        return expected == slice.top() + 1;
    }

    /** The {@code room_recovery} event of a stream ({@code room:…} or {@code user:…}). */
    private String recoveryEvent(String stream, boolean recovered, String reason, int replayed, String epoch, long offset) {
        int colon = stream.indexOf(':');
        return frames.recovery(stream.substring(0, colon), stream.substring(colon + 1), recovered, reason, replayed,
                epoch, offset);
    }

    /** A frame with its stream's position added as top-level fields (PROTOCOL.md §3.6). */
    static String positioned(String frame, ClusterMessage.Kind kind, String target, String epoch, long offset) {
        StringBuilder out = new StringBuilder(frame.length() + 64 + target.length());
        out.append(frame, 0, frame.lastIndexOf('}'));
        JsonText.string(out.append(kind == ClusterMessage.Kind.USER ? ",\"user\":" : ",\"room\":"), target);
        JsonText.string(out.append(",\"epoch\":"), epoch);
        return out.append(",\"offset\":").append(offset).append('}').toString();
    }
}
