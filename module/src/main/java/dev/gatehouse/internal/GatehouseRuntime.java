package dev.gatehouse.internal;

import dev.gatehouse.CloseCodes;
import dev.gatehouse.CloseReasons;
import dev.gatehouse.ClusterStatus;
import dev.gatehouse.Connections;
import dev.gatehouse.ErrorCode;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.Revocations;
import dev.gatehouse.VerifiedToken;
import dev.gatehouse.internal.cluster.ClusterConnections;
import dev.gatehouse.internal.cluster.NodeRevocations;
import dev.gatehouse.internal.codec.EnvelopeCodec;
import dev.gatehouse.internal.codec.ProtocolFrames;
import dev.gatehouse.internal.handshake.HandshakeGate;
import dev.gatehouse.internal.handshake.KeyReadiness;
import dev.gatehouse.internal.handshake.Refusal;
import dev.gatehouse.internal.handshake.RequestView;
import dev.gatehouse.internal.handshake.RevocationList;
import dev.gatehouse.internal.lifecycle.ConnectionContext;
import dev.gatehouse.internal.lifecycle.ConnectionLimits;
import dev.gatehouse.internal.lifecycle.ConnectionRegistry;
import dev.gatehouse.internal.lifecycle.Handoffs;
import dev.gatehouse.internal.lifecycle.Housekeeper;
import dev.gatehouse.internal.lifecycle.Listeners;
import dev.gatehouse.internal.lifecycle.ManagedConnection;
import dev.gatehouse.internal.lifecycle.NotReadyException;
import dev.gatehouse.internal.lifecycle.Timer;
import dev.gatehouse.internal.lifecycle.Transport;
import dev.gatehouse.internal.lifecycle.VirtualThreads;
import dev.gatehouse.internal.lifecycle.Workers;
import dev.gatehouse.internal.metrics.GatehouseMetrics.ReadinessFailure;
import dev.gatehouse.internal.metrics.GatehouseMetrics;
import dev.gatehouse.internal.routing.FrameDispatcher;
import dev.gatehouse.internal.routing.Route;
import dev.gatehouse.internal.routing.Router;
import dev.gatehouse.spi.Backplane;
import dev.gatehouse.spi.ConnectionSetup;
import dev.gatehouse.spi.FallbackHandler;
import dev.gatehouse.spi.LifecycleListener;
import dev.gatehouse.spi.LifecycleManager;
import dev.gatehouse.spi.ReadinessCheck;
import dev.gatehouse.spi.RoomAuthorizer;
import dev.gatehouse.spi.TokenVerifier;
import dev.gatehouse.spi.UpgradeCheck;
import dev.gatehouse.spi.Verification;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One Gatehouse instance at run time: wires the stages a connection passes through (handshake gate,
 * lifecycle, routing, codec) and owns what they share: the registry, the worker pool and the timer.
 * Container adapters call {@link #admit} before an upgrade completes, {@link #open} and
 * {@link #prepare} when a WebSocket opens, and {@link #shutdown} when the container stops.
 * Thread-safe; holds no lock of its own.
 */
public final class GatehouseRuntime {
    /** How long a client has to complete a close the server started before its socket is dropped. */
    public static final long CLOSE_GRACE_MILLIS = 2000;
    /** Frames that may wait to be written to one connection before it counts as not reading. */
    static final int SEND_QUEUE_LIMIT = 1024;
    /** How long queued listener calls (the last connections' {@code onClosed}) may still run at shutdown. */
    private static final long LISTENER_GRACE_MILLIS = 5000;
    private static final Logger LOG = System.getLogger("dev.gatehouse.lifecycle");
    private static final Logger HANDSHAKE_LOG = System.getLogger("dev.gatehouse.handshake");
    private static final String LIMIT_MESSAGE = "Too many connections; try again later";

    private final GatehouseConfig config;
    private final TokenVerifier verifier;
    private final HandshakeGate gate;
    private final RevocationList revocationList;
    private final NodeRevocations revocations;
    private final ProtocolFrames frames;
    private final ConnectionRegistry registry;
    private final ClusterConnections connections;
    private final Handoffs handoffs = new Handoffs();
    private final LifecycleManager manager;
    /** Whether the manager is the application's, whose code runs on the lifecycle pool; Gatehouse's returns at once. */
    private final boolean customManager;
    /** Handlers, {@code auth_refresh}: one task per connection at a time, in its turn. */
    private final Workers handlers;
    /** Lifecycle listeners, readiness checks, setups, a custom manager: never behind a handler. */
    private final Workers lifecycle;
    /** An application's token verifier, at the handshake (threads start only when one is used). */
    private final Workers verifierThreads;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Timer timer;
    private final ConnectionContext connectionContext;
    private final Housekeeper housekeeper;
    private final Health health;
    private final GatehouseMetrics metrics;
    private final AtomicBoolean started = new AtomicBoolean();
    /** Each handled type and the handler behind it, for the startup line. */
    private final String routeTable;
    /** Set when shutdown starts; a connection registered after it closes itself (volatile: read by openers). */
    private volatile boolean stopping;

    /**
     * The parts an application chooses; everything else follows from the configuration.
     *
     * @param config the configuration
     * @param verifier verifies tokens
     * @param routes one route per handled type
     * @param fallback answers unknown types, or null for the default
     * @param listeners the lifecycle listeners
     * @param checks the readiness checks, run by the default manager
     * @param setups the connection setups, run by the default manager
     * @param customManager replaces the default manager, or null
     * @param clock the clock
     * @param backplane carries sends to the other nodes, or null for a node alone
     * @param roomAuthorizer decides on room joins, or null to allow every valid room
     * @param metrics the meters
     * @param upgradeChecks the application's upgrade checks, in order
     */
    public record Parts(GatehouseConfig config, TokenVerifier verifier, Collection<Route> routes,
            FallbackHandler fallback, List<LifecycleListener> listeners, List<ReadinessCheck> checks,
            List<ConnectionSetup> setups, LifecycleManager customManager, Clock clock, Backplane backplane,
            RoomAuthorizer roomAuthorizer, GatehouseMetrics metrics, List<UpgradeCheck> upgradeChecks) {
    }

    /** A runtime; its threads start on demand, its housekeeping with {@link #start()}. */
    public GatehouseRuntime(Parts parts) {
        this.config = parts.config();
        this.verifier = parts.verifier();
        this.metrics = parts.metrics();
        Clock clock = parts.clock();
        this.scheduler = new ScheduledThreadPoolExecutor(1, Workers.daemonThreads("gatehouse-timer"));
        scheduler.setRemoveOnCancelPolicy(true);
        this.timer = (task, delayMillis) -> {
            var future = scheduler.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
            return () -> future.cancel(false);
        };
        // Each connection has at most one task in the handlers' queue (its turn), and in the lifecycle
        // one its announcements' run and its preparation (a task per setup step): the queues are
        // bounded by the connection limit (four lifecycle tasks a connection), and at the bound a task
        // is refused (a frame RATE_LIMITED, a setup failed with 1013, a listener call run by its caller).
        int connectionsBound = config.maxConnections();
        this.handlers = new Workers("handlers", config.handlerThreads(), config.handlerStuckThreads(), connectionsBound,
                timer, threads(config, "gatehouse-worker"));
        this.lifecycle = new Workers("lifecycle", config.handlerThreads(), config.handlerStuckThreads(),
                (int) Math.min(Integer.MAX_VALUE, 4L * connectionsBound + 1024), timer, threads(config, "gatehouse-lifecycle"));
        metrics.workers(handlers.name(), handlers::stuck, handlers::queued);
        metrics.workers(lifecycle.name(), lifecycle::stuck, lifecycle::queued);
        this.registry = new ConnectionRegistry(config.maxConnections(), config.maxConnectionsPerUser());
        metrics.activeConnections(registry::size);
        EnvelopeCodec codec = new EnvelopeCodec(config.jsonMaxDepth(), config.jsonMaxNumberLength());
        this.frames = new ProtocolFrames(codec, clock, config.heartbeatInterval(), config.maxMessageSize(),
                !config.historyRooms().isEmpty() || config.historyUsers(), metrics);
        this.verifierThreads = new Workers("verifier", config.handlerThreads(), config.handlerStuckThreads(),
                connectionsBound, timer, threads(config, "gatehouse-verifier"));
        this.revocationList = RevocationList.of(config, clock, metrics);
        this.gate = new HandshakeGate(config, verifier, parts.upgradeChecks(), verifierThreads, timer, revocationList);
        if (gate.verifiesLater()) {
            metrics.workers(verifierThreads.name(), verifierThreads::stuck, verifierThreads::queued);
        }
        ReadinessChecks readiness = new ReadinessChecks(parts.checks(), lifecycle, config.readyTimeout().toMillis(), clock);
        this.customManager = parts.customManager() != null;
        this.manager = customManager ? parts.customManager() : readiness.manager(parts.setups());
        this.routeTable = parts.routes().isEmpty() ? "none" : parts.routes().stream()
                .map(r -> r.type() + " → " + r.handler()).collect(java.util.stream.Collectors.joining(", "));
        Router router = new Router(parts.routes(), parts.fallback(), codec, timer, config.handlerTimeout(), handlers,
                config.handlerStuckThreads(), metrics);
        this.connections = clusterConnections(parts, frames);
        this.revocations = new NodeRevocations(revocationList, registry, connections);
        FrameDispatcher dispatcher = new FrameDispatcher(codec, frames, router, gate, connections,
                config.handlerTimeout(), metrics);
        long listenerLimit = config.handlerTimeout().toMillis();
        Listeners listeners = new Listeners(parts.listeners(), manager, !customManager,
                calls -> lifecycle.execute(calls, listenerLimit));
        ConnectionLimits limits = new ConnectionLimits(config.maxMessageSize(), config.readyQueueLimit(),
                config.handlerQueueLimit(), config.rateLimit(), SEND_QUEUE_LIMIT, config.expiryWarning(),
                config.jwt().clockSkew(), CLOSE_GRACE_MILLIS);
        this.connectionContext = new ConnectionContext(limits, clock, timer, handlers, frames, dispatcher, listeners,
                c -> {
                    registry.remove(c);
                    connections.closed(c);
                }, c -> connections.rooms(c, null), metrics);
        this.health = new Health(readiness, config.readyTimeout(), () -> stopping, connections::status,
                KeyReadiness.of(verifier), revocations.kept() ? revocationList::unread : null);
        this.housekeeper = new Housekeeper(registry.live(), clock, config.heartbeatInterval().toMillis(),
                config.heartbeatTimeout().toMillis(), config.idleTimeout().toMillis());
    }

    /**
     * This node's view of the cluster. A backplane the configuration cannot run on (history or
     * presence it cannot keep) is closed before the refusal leaves: it may already hold connections
     * to its broker and threads.
     */
    private ClusterConnections clusterConnections(Parts parts, ProtocolFrames frames) {
        try {
            return new ClusterConnections(registry, frames, config, config.nodeId(), parts.backplane(),
                    parts.roomAuthorizer(), metrics);
        } catch (RuntimeException e) {
            if (parts.backplane() != null) {
                try {
                    parts.backplane().close();
                } catch (RuntimeException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    /** Starts the housekeeping (heartbeats, idle closes) once a container serves the endpoint. Idempotent. */
    public void start() {
        if (started.compareAndSet(false, true)) {
            LOG.log(Level.INFO, "Gatehouse node {0} starts on backplane {1}; handlers: {2}; meters: {3}",
                    new Object[] {config.nodeId(), Health.engine(connections.status()), routeTable, metrics});
            connections.start();
            revocations.start(config.readyTimeout()); // in the background; the gate refuses handshakes meanwhile
            scheduler.scheduleWithFixedDelay(housekeeper, 1, 1, TimeUnit.SECONDS);
            scheduler.scheduleWithFixedDelay(revocationList::sweep, 1, 1, TimeUnit.MINUTES);
        }
    }

    /** The configuration. */
    public GatehouseConfig config() {
        return config;
    }

    /** The handshake checks. */
    public HandshakeGate gate() {
        return gate;
    }

    /** The open connections. */
    public Connections connections() {
        return connections;
    }

    /** The revocations. */
    public Revocations revocations() {
        return revocations;
    }

    /** Liveness and readiness, for the health endpoints. */
    public Health health() {
        return health;
    }

    /**
     * Marks the runtime as stopping without closing anything yet: readiness turns DOWN, so that a
     * load balancer drains this node before {@link #shutdown} sends the 1001s.
     */
    public void drain() {
        stopping = true;
    }

    /** The meters. */
    public GatehouseMetrics metrics() {
        return metrics;
    }

    /** What the backplane did so far. */
    public ClusterStatus clusterStatus() {
        return connections.status();
    }

    /** The frames the protocol defines. */
    public ProtocolFrames frames() {
        return frames;
    }

    /** Verdicts handed from a pre-check of the upgrade request to the configurator. */
    public Handoffs handoffs() {
        return handoffs;
    }

    /** Gatehouse's timer, for short tasks of the container adapters. */
    public Timer timer() {
        return timer;
    }

    /**
     * Checks an upgrade request before it completes, as a container adapter that can answer it
     * with an HTTP status does: the server's connection limit first (cheap), then the handshake
     * gate, then the user's limit. Empty when the upgrade may go ahead.
     */
    public Optional<Refusal> admit(RequestView request) {
        long start = System.nanoTime();
        return registry.hasRoom() ? admit(gate.check(request), start)
                : Optional.of(refused(Refusal.connectionLimit(503, LIMIT_MESSAGE), start));
    }

    /**
     * As {@link #admit(RequestView)}, with the gate's verdict already in hand.
     *
     * @param verification the gate's verdict
     * @param start when the decision started ({@link System#nanoTime()}), for the handshake timer
     * @return the refusal, or empty when the upgrade may go ahead
     */
    public Optional<Refusal> admit(Verification verification, long start) {
        if (!registry.hasRoom()) {
            return Optional.of(refused(Refusal.connectionLimit(503, LIMIT_MESSAGE), start));
        }
        if (!(verification instanceof Verification.Accepted)) {
            return Optional.of(refused(refusal(verification), start));
        }
        String user = ((Verification.Accepted) verification).token().subject();
        if (!registry.hasRoomFor(user)) {
            return Optional.of(refused(Refusal.connectionLimit(429, "Too many connections of this user; close one first"),
                    start));
        }
        metrics.handshake(null, System.nanoTime() - start);
        return Optional.empty();
    }

    /**
     * In diagnostic mode the upgrade goes ahead whatever the verdict (the endpoint answers a refusal
     * with an error frame and 1008), so the verdict is counted and logged here, as {@link #admit}
     * and {@link #refused} do in the other mode; in that mode a handshake reaches this after being
     * counted, and this does nothing.
     *
     * @param verification the endpoint's own check of the handshake
     * @param start when the check started ({@link System#nanoTime()})
     */
    public void diagnosed(Verification verification, long start) {
        if (config.handshakeMode() != GatehouseConfig.HandshakeMode.DIAGNOSTIC) {
            return;
        }
        if (!(verification instanceof Verification.Accepted)) {
            refused(refusal(verification), start);
        } else {
            metrics.handshake(null, System.nanoTime() - start);
        }
    }

    /** The answer to a verification that is not accepted. */
    private Refusal refusal(Verification verification) {
        return verification instanceof Verification.Rejected rejected ? Refusal.of(rejected, config.rejectStatus())
                : Refusal.of((Verification.Refused) verification);
    }

    /**
     * Counts and logs (at DEBUG, on {@code dev.gatehouse.handshake}) a refused upgrade request,
     * whichever stage refused it.
     *
     * @param refusal the answer
     * @param start when the decision started ({@link System#nanoTime()})
     * @return the refusal
     */
    public Refusal refused(Refusal refusal, long start) {
        metrics.handshake(refusal.code(), System.nanoTime() - start);
        HANDSHAKE_LOG.log(Level.DEBUG, "Handshake refused: {0,number,#} {1}", refusal.status(), refusal.code());
        return refusal;
    }

    /**
     * A WebSocket opened with a verified token (and what the upgrade checks kept, in its
     * attributes): registers the connection in state OPEN. The adapter
     * keeps the connection, so that a close arriving from now on reaches it, then calls {@link #prepare}.
     */
    public ManagedConnection open(Transport transport, Verification.Accepted accepted) {
        ManagedConnection connection = new ManagedConnection(newConnectionId(), accepted.token(), accepted.tokenId(),
                transport, connectionContext);
        if (!accepted.attributes().isEmpty()) { // what the upgrade checks kept, before any handler runs; no map for none
            connection.attributes().putAll(accepted.attributes());
        }
        if (!registry.tryAdd(connection)) { // checked before the upgrade too; this catches the races
            connection.closeWithError(ErrorCode.CONNECTION_LIMIT, LIMIT_MESSAGE);
            return connection;
        }
        connection.opened();
        if (stopping) {
            connection.close(CloseCodes.GOING_AWAY, CloseReasons.SERVER_SHUTDOWN); // the shutdown sweep may not have seen it
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
                connections.welcomed(connection);
            } else {
                Throwable cause = unwrapped(failure);
                connection.notReady(causeOf(cause), cause instanceof TimeoutException
                        ? "readiness did not finish within " + config.readyTimeout().toMillis() + " ms"
                        : cause instanceof NotReadyException ? cause.getMessage() : String.valueOf(cause));
            }
        });
    }

    /**
     * Closes every connection with 1001 and waits up to {@code grace} for them to close; a connection
     * whose client has not completed its close by then is closed for Gatehouse all the same (its close
     * line, its listeners). Then the pools take no more tasks, and the listener calls already queued
     * (the last connections' {@code onClosed} and {@code release}) get up to
     * {@value #LISTENER_GRACE_MILLIS} ms more before the threads stop.
     */
    public void shutdown(Duration grace) {
        stopping = true; // before the sweep: a connection registered later sees it and closes itself
        for (ManagedConnection c : registry.live()) {
            c.close(CloseCodes.GOING_AWAY, CloseReasons.SERVER_SHUTDOWN);
        }
        try {
            registry.awaitEmpty(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ManagedConnection c : registry.live()) {
            c.onClosed(CloseCodes.GOING_AWAY, CloseReasons.SERVER_SHUTDOWN);
        }
        handlers.shutdown();
        verifierThreads.shutdown();
        lifecycle.shutdown();
        try {
            lifecycle.awaitTermination(TimeUnit.MILLISECONDS.toNanos(LISTENER_GRACE_MILLIS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler.shutdownNow();
        handlers.shutdownNow();
        verifierThreads.shutdownNow();
        lifecycle.shutdownNow();
        connections.close();
        if (verifier instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "Closing the token verifier failed", e);
            }
        }
    }

    /**
     * The manager's stage for this connection, bounded by the ready timeout. Gatehouse's own manager
     * returns at once and runs the application's checks and setups on the lifecycle pool; a custom
     * manager is called there, so that even a {@code prepare} that blocks is bounded and holds no
     * container thread.
     */
    private CompletableFuture<Void> bounded(ManagedConnection connection) {
        CompletableFuture<Void> bounded = new CompletableFuture<>();
        Runnable start = () -> {
            try {
                manager.prepare(connection).whenComplete((v, e) -> {
                    if (e == null) {
                        bounded.complete(null);
                    } else {
                        bounded.completeExceptionally(e);
                    }
                });
            } catch (Throwable e) {
                bounded.completeExceptionally(e);
            }
        };
        if (!customManager) {
            start.run();
        } else {
            try {
                lifecycle.execute(start, config.readyTimeout().toMillis());
            } catch (RejectedExecutionException stopped) { // shut down: the connection closed itself in open()
                bounded.completeExceptionally(stopped);
            }
        }
        return bounded.isDone() ? bounded : bounded.orTimeout(config.readyTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Application code's threads: daemon platform threads, or virtual ones when configured. */
    private static ThreadFactory threads(GatehouseConfig config, String prefix) {
        return config.virtualThreads() ? VirtualThreads.named(prefix) : Workers.daemonThreads(prefix);
    }

    private static ReadinessFailure causeOf(Throwable f) {
        if (f instanceof TimeoutException) {
            return ReadinessFailure.TIMEOUT;
        }
        return f instanceof NotReadyException notReady ? notReady.failure() : ReadinessFailure.SETUP_FAILED;
    }

    /** The failure a stage's wrapper carries. */
    private static Throwable unwrapped(Throwable failure) {
        return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
    }

    private static String newConnectionId() {
        byte[] bytes = new byte[12];
        ThreadLocalRandom.current().nextBytes(bytes);
        return "ws_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

}
