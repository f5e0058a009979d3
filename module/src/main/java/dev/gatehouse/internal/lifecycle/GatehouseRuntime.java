package dev.gatehouse.internal.lifecycle;

import dev.gatehouse.CloseCodes;
import dev.gatehouse.Connection;
import dev.gatehouse.ConnectionState;
import dev.gatehouse.Connections;
import dev.gatehouse.ErrorCode;
import dev.gatehouse.FallbackHandler;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.LifecycleListener;
import dev.gatehouse.LifecycleManager;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.Verification;
import dev.gatehouse.VerifiedToken;
import dev.gatehouse.internal.codec.EnvelopeCodec;
import dev.gatehouse.internal.codec.ProtocolFrames;
import dev.gatehouse.internal.handshake.HandshakeGate;
import dev.gatehouse.internal.handshake.Refusal;
import dev.gatehouse.internal.handshake.RequestView;
import dev.gatehouse.internal.routing.Route;
import dev.gatehouse.internal.routing.Router;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything one Gatehouse instance shares between its connections: configuration, the handshake
 * gate, codec, router, registry, lifecycle manager and listeners, the worker pool and the timer.
 * Container adapters call {@link #open} when a WebSocket opens and {@link #shutdown} when the server
 * stops. Thread-safe.
 */
public final class GatehouseRuntime {
    /** How long a client has to complete a close the server started before its socket is dropped. */
    public static final long CLOSE_GRACE_MILLIS = 2000;
    /** Frames that may wait to be written to one connection before it counts as not reading. */
    static final int SEND_QUEUE_LIMIT = 1024;
    private static final Logger LOG = System.getLogger(GatehouseRuntime.class.getName());
    private static final String SHUTDOWN_REASON = "SERVER_SHUTDOWN";
    private static final String LIMIT_MESSAGE = "Too many connections; try again later";

    private final GatehouseConfig config;
    private final Clock clock;
    private final HandshakeGate gate;
    private final ProtocolFrames frames;
    private final ConnectionRegistry registry;
    private final Handoffs handoffs = new Handoffs();
    private final FrameDispatcher dispatcher;
    private final LifecycleManager manager;
    private final List<LifecycleListener> listeners;
    /** No listener and the default manager: lifecycle news runs no user code, so it needs no worker. */
    private final boolean nobodyToTell;
    private final ExecutorService workers;
    private final ScheduledThreadPoolExecutor timer;
    /** Set when shutdown starts; a connection registered after it closes itself (volatile: read by openers). */
    private volatile boolean stopping;
    /** The token verifier, closed at shutdown when it holds resources. */
    private final TokenVerifier verifier;

    /** The parts an application chooses; everything else follows from the configuration. */
    public record Parts(GatehouseConfig config, TokenVerifier verifier, Collection<Route> routes,
            FallbackHandler fallback, List<LifecycleListener> listeners, Clock clock) {
    }

    /**
     * A runtime. {@code managerFactory} receives the worker pool (the default manager runs its checks there).
     */
    public GatehouseRuntime(Parts parts, java.util.function.Function<ExecutorService, LifecycleManager> managerFactory) {
        this.config = parts.config();
        this.clock = parts.clock();
        this.registry = new ConnectionRegistry(config.maxConnections(), config.maxConnectionsPerUser());
        this.workers = Executors.newFixedThreadPool(config.handlerThreads(), daemonThreads("gatehouse-worker"));
        this.timer = new ScheduledThreadPoolExecutor(1, daemonThreads("gatehouse-timer"));
        this.timer.setRemoveOnCancelPolicy(true);
        EnvelopeCodec codec = new EnvelopeCodec(config.jsonMaxDepth(), config.jsonMaxNumberLength());
        this.frames = new ProtocolFrames(codec, clock, config);
        this.verifier = parts.verifier();
        this.gate = new HandshakeGate(config, verifier);
        Router router = new Router(parts.routes(), parts.fallback(), codec, timer, config.handlerTimeout());
        this.dispatcher = new FrameDispatcher(codec, frames, router, gate, workers, registry);
        this.manager = managerFactory.apply(workers);
        this.listeners = List.copyOf(parts.listeners());
        this.nobodyToTell = listeners.isEmpty() && manager instanceof DefaultLifecycleManager;
        Housekeeper housekeeper = new Housekeeper(registry.live(), clock, config.heartbeatInterval().toMillis(),
                config.heartbeatTimeout().toMillis(), config.idleTimeout().toMillis());
        timer.scheduleWithFixedDelay(housekeeper, 1, 1, TimeUnit.SECONDS);
    }

    /** The configuration. */
    public GatehouseConfig config() {
        return config;
    }

    /** The handshake checks. */
    public HandshakeGate gate() {
        return gate;
    }

    /** The HTTP answer to a refused handshake. */
    public Refusal refusal(Verification.Rejected rejected) {
        return Refusal.of(rejected, config.rejectStatus());
    }

    /**
     * Checks an upgrade request before it completes, as a container adapter that can answer it
     * with an HTTP status does: the server's connection limit first (cheap), then the handshake
     * gate, then the user's limit. Empty when the upgrade may go ahead.
     */
    public Optional<Refusal> admit(RequestView request) {
        return registry.hasRoom() ? admit(gate.check(request)) : Optional.of(Refusal.connectionLimit(503, LIMIT_MESSAGE));
    }

    /** As {@link #admit(RequestView)}, with the gate's verdict already in hand. */
    public Optional<Refusal> admit(Verification verification) {
        if (!registry.hasRoom()) {
            return Optional.of(Refusal.connectionLimit(503, LIMIT_MESSAGE));
        }
        if (verification instanceof Verification.Rejected rejected) {
            return Optional.of(refusal(rejected));
        }
        String user = ((Verification.Accepted) verification).token().subject();
        return registry.hasRoomFor(user) ? Optional.empty()
                : Optional.of(Refusal.connectionLimit(429, "Too many connections of this user; close one first"));
    }

    /** The open connections. */
    public Connections connections() {
        return registry;
    }

    /** The frames the protocol defines. */
    public ProtocolFrames frames() {
        return frames;
    }

    /** Verdicts handed from a pre-check of the upgrade request to the configurator. */
    public Handoffs handoffs() {
        return handoffs;
    }

    /** Runs {@code task} once after {@code delayMillis} on Gatehouse's timer; keep it short. */
    public ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        return timer.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * A WebSocket opened with a verified token: registers the connection in state OPEN. The adapter
     * keeps the connection, so that a close arriving from now on reaches it, then calls {@link #prepare}.
     */
    public ManagedConnection open(Transport transport, VerifiedToken token) {
        ManagedConnection connection = new ManagedConnection(newConnectionId(), token, transport, this);
        if (!registry.tryAdd(connection)) { // checked before the upgrade too; this catches the races
            connection.closeWithError(ErrorCode.CONNECTION_LIMIT, LIMIT_MESSAGE);
            return connection;
        }
        connection.opened();
        if (stopping) {
            connection.close(CloseCodes.GOING_AWAY, SHUTDOWN_REASON); // the shutdown sweep may not have seen it
        }
        return connection;
    }

    /**
     * Brings an opened connection to READY (the welcome) through the lifecycle manager, or closes it
     * with {@code SERVICE_UNAVAILABLE} when that fails or passes {@code gatehouse.ready.timeout}.
     */
    public void prepare(ManagedConnection connection) {
        bounded(connection).whenComplete((ok, failure) -> {
            if (failure == null) {
                connection.ready();
            } else {
                connection.notReady(failure instanceof java.util.concurrent.TimeoutException
                        ? "readiness did not finish within " + config.readyTimeout().toMillis() + " ms"
                        : String.valueOf(failure));
            }
        });
    }

    /**
     * Closes every connection with 1001, waits up to {@code grace} for the close frames to go out,
     * then stops the worker pool and the timer.
     */
    public void shutdown(java.time.Duration grace) {
        stopping = true; // before the sweep: a connection registered later sees it and closes itself
        for (ManagedConnection c : registry.live()) {
            c.close(CloseCodes.GOING_AWAY, SHUTDOWN_REASON);
        }
        try {
            registry.awaitEmpty(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
        workers.shutdownNow();
        if (verifier instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "Closing the token verifier failed", e);
            }
        }
    }

    /**
     * The manager's stage for this connection, bounded by the ready timeout. A custom manager is
     * called on a worker, so that even a {@code prepare} that blocks is bounded and holds no
     * container thread; the default one is Gatehouse's own and returns at once.
     */
    private CompletableFuture<Void> bounded(ManagedConnection connection) {
        CompletableFuture<Void> bounded = new CompletableFuture<>();
        Runnable start = () -> {
            try {
                manager.prepare(connection).whenComplete((v, e) -> complete(bounded, e));
            } catch (Throwable e) {
                bounded.completeExceptionally(e);
            }
        };
        if (manager instanceof DefaultLifecycleManager) {
            start.run();
        } else {
            workers.execute(start);
        }
        return bounded.isDone() ? bounded : bounded.orTimeout(config.readyTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void complete(CompletableFuture<Void> bounded, Throwable failure) {
        if (failure == null) {
            bounded.complete(null);
        } else {
            bounded.completeExceptionally(failure);
        }
    }

    // ---- called by connections ----

    Clock clock() {
        return clock;
    }

    ExecutorService workers() {
        return workers;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    FrameDispatcher dispatcher() {
        return dispatcher;
    }

    /**
     * Runs a connection's listener calls on a worker. Inline when there is nobody to tell (the calls
     * then run no user code), and once the workers are stopped.
     */
    void tellListeners(Runnable calls) {
        if (nobodyToTell) {
            calls.run();
            return;
        }
        try {
            workers.execute(calls);
        } catch (RejectedExecutionException stopped) {
            calls.run();
        }
    }

    void transition(Connection connection, ConnectionState from, ConnectionState to) {
        for (LifecycleListener listener : listeners) {
            try {
                listener.onTransition(connection, from, to);
            } catch (Throwable e) {
                LOG.log(Level.WARNING, "[" + connection.id() + "] lifecycle listener failed", e);
            }
        }
    }

    /** A connection closed: it leaves the registry at once, before anybody hears of it. */
    void unregister(ManagedConnection connection) {
        registry.remove(connection);
    }

    void closed(ManagedConnection connection, int code, String reason) {
        try {
            manager.release(connection);
        } catch (Throwable e) {
            LOG.log(Level.WARNING, "[" + connection.id() + "] lifecycle manager release failed", e);
        }
        for (LifecycleListener listener : listeners) {
            try {
                listener.onClosed(connection, code, reason);
            } catch (Throwable e) {
                LOG.log(Level.WARNING, "[" + connection.id() + "] lifecycle listener failed", e);
            }
        }
    }

    private static String newConnectionId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return "ws_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
