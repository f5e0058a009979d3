package dev.gatehouse.internal.lifecycle;

import dev.gatehouse.Rooms;
import dev.gatehouse.VerifiedToken;
import dev.gatehouse.internal.codec.EnvelopeCodec;
import dev.gatehouse.internal.codec.ProtocolFrames;
import dev.gatehouse.internal.metrics.GatehouseMetrics;
import dev.gatehouse.spi.LifecycleListener;
import dev.gatehouse.spi.LifecycleManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Connections over fakes, without a server: a {@link ConnectionContext} of a manual clock and timer,
 * a manual executor (the workers, which also run the listeners), a recording inbound and listener,
 * and the real protocol frames and codec over the manual clock. Set limits before making
 * connections; each connection gets the context as it stands then.
 */
public final class ConnectionFixture {
    /** Where the clock starts. */
    public static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
    /** The heartbeat interval the welcome announces. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(25);
    /** The user of {@link #connection(Transport)}. */
    public static final String USER = "alice";

    public final ManualClock clock = new ManualClock(START);
    public final ManualTimer timer = new ManualTimer(clock);
    public final ManualExecutor executor = new ManualExecutor();
    public final RecordingInbound inbound = new RecordingInbound();
    public final RecordingLifecycleListener listener = new RecordingLifecycleListener();
    /** The connections that reported themselves closed, in order (the registry's hook). */
    public final List<ManagedConnection> closed = new CopyOnWriteArrayList<>();

    private int maxMessageSize = 65536;
    private int readyQueueLimit = 64;
    private int handlerQueueLimit = 256;
    private int rateLimit;
    private int sendQueueLimit = 1024;
    private Duration expiryWarning = Duration.ofSeconds(60);
    private long closeGraceMillis = 2000;
    private Inbound target = inbound;
    private List<LifecycleListener> listeners = List.of(listener);
    private LifecycleManager manager = c -> CompletableFuture.completedFuture(null);
    private Clock framesClock = clock;
    private Consumer<ManagedConnection> onClosed = c -> { };
    private GatehouseMetrics metrics = GatehouseMetrics.none();
    private Function<ManagedConnection, Rooms> rooms = c -> {
        throw new UnsupportedOperationException("no rooms in this fixture: see ConnectionFixture.rooms");
    };
    /** Unique across fixtures: the cluster tests hold connections of several nodes. */
    private static final java.util.concurrent.atomic.AtomicInteger MADE = new java.util.concurrent.atomic.AtomicInteger();
    /** Built on first use, again after a setter: a codec (a JSON-B instance) per connection would be slow. */
    private ConnectionContext context;

    public ConnectionFixture metrics(GatehouseMetrics meters) {
        this.metrics = meters;
        return this;
    }

    /** The connections' limit of one text frame. */
    public ConnectionFixture maxMessageSize(int bytes) {
        this.maxMessageSize = bytes;
        this.context = null;
        return this;
    }

    public ConnectionFixture readyQueueLimit(int frames) {
        this.readyQueueLimit = frames;
        this.context = null;
        return this;
    }

    public ConnectionFixture handlerQueueLimit(int frames) {
        this.handlerQueueLimit = frames;
        this.context = null;
        return this;
    }

    public ConnectionFixture rateLimit(int perSecond) {
        this.rateLimit = perSecond;
        this.context = null;
        return this;
    }

    public ConnectionFixture sendQueueLimit(int frames) {
        this.sendQueueLimit = frames;
        this.context = null;
        return this;
    }

    public ConnectionFixture expiryWarning(Duration warning) {
        this.expiryWarning = warning;
        this.context = null;
        return this;
    }

    public ConnectionFixture closeGraceMillis(long millis) {
        this.closeGraceMillis = millis;
        this.context = null;
        return this;
    }

    /** Where READY frames go instead of {@link #inbound}. */
    public ConnectionFixture inbound(Inbound inbound) {
        this.target = inbound;
        this.context = null;
        return this;
    }

    /** The rooms of each connection, and what a close tells besides {@link #closed} (a cluster view's hooks). */
    public ConnectionFixture rooms(Function<ManagedConnection, Rooms> roomsOf, Consumer<ManagedConnection> closedHook) {
        this.rooms = roomsOf;
        this.onClosed = closedHook;
        this.context = null;
        return this;
    }

    /** The listeners instead of {@link #listener} alone. */
    public ConnectionFixture listeners(LifecycleListener... replacing) {
        this.listeners = List.of(replacing);
        this.context = null;
        return this;
    }

    /** The manager whose {@code release} the listeners call. */
    public ConnectionFixture manager(LifecycleManager m) {
        this.manager = m;
        this.context = null;
        return this;
    }

    /** The clock the protocol frames read instead of {@link #clock} (a {@link HookedClock}). */
    public ConnectionFixture framesClock(Clock c) {
        this.framesClock = c;
        this.context = null;
        return this;
    }

    /** The protocol frames, stamped by the manual clock, announcing the limits as they stand. */
    public ProtocolFrames frames() {
        return new ProtocolFrames(new EnvelopeCodec(32, 64), framesClock, HEARTBEAT, maxMessageSize);
    }

    /** A context over the fakes and the limits as they stand. */
    public ConnectionContext context() {
        if (context == null) {
            context = newContext();
        }
        return context;
    }

    private ConnectionContext newContext() {
        ConnectionLimits limits = new ConnectionLimits(maxMessageSize, readyQueueLimit, handlerQueueLimit, rateLimit,
                sendQueueLimit, expiryWarning, Duration.ZERO, closeGraceMillis);
        Listeners calls = new Listeners(listeners, manager, false, executor);
        Consumer<ManagedConnection> hook = onClosed;
        return new ConnectionContext(limits, clock, timer, executor, frames(), target, calls, c -> {
            closed.add(c);
            hook.accept(c);
        }, rooms, metrics);
    }

    /** A token of {@code user} expiring at {@code expiresAt}. */
    public static VerifiedToken token(String user, Instant expiresAt) {
        return new VerifiedToken(user, expiresAt, Set.of(), Map.of("sub", user));
    }

    /** A connection in state CONNECTING of {@link #USER}, whose token expires an hour after {@link #START}. */
    public ManagedConnection connection(Transport transport) {
        return connection(transport, token(USER, START.plus(Duration.ofHours(1))));
    }

    /** A connection in state CONNECTING with this token. */
    public ManagedConnection connection(Transport transport, VerifiedToken token) {
        return new ManagedConnection("ws_test" + MADE.incrementAndGet(), token, null, transport, context());
    }

    /** A connection brought to READY (welcome sent), its listener calls run. */
    public ManagedConnection ready(Transport transport) {
        return ready(connection(transport));
    }

    /** Brings a connection to READY (welcome sent) and runs its listener calls. */
    public ManagedConnection ready(ManagedConnection connection) {
        connection.opened();
        connection.ready();
        executor.runAll();
        return connection;
    }
}
