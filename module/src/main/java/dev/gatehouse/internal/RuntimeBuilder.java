package dev.gatehouse.internal;

import dev.gatehouse.ConfigurationException;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.Requires;
import dev.gatehouse.internal.codec.EnvelopeCodec;
import dev.gatehouse.internal.handshake.jwt.CachingTokenVerifier;
import dev.gatehouse.internal.handshake.jwt.JwtTokenVerifier;
import dev.gatehouse.internal.metrics.Backends;
import dev.gatehouse.internal.metrics.GatehouseMetrics;
import dev.gatehouse.internal.metrics.MeterBackend;
import dev.gatehouse.internal.routing.Route;
import dev.gatehouse.spi.AsyncFrameHandler;
import dev.gatehouse.spi.Backplane;
import dev.gatehouse.spi.BackplaneProvider;
import dev.gatehouse.spi.ConnectionSetup;
import dev.gatehouse.spi.FallbackHandler;
import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.spi.LifecycleListener;
import dev.gatehouse.spi.LifecycleManager;
import dev.gatehouse.spi.ReadinessCheck;
import dev.gatehouse.spi.RoomAuthorizer;
import dev.gatehouse.spi.TokenVerifier;
import dev.gatehouse.spi.UpgradeCheck;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * What an application chose, collected from code ({@code Gatehouse.Builder} delegates here), from
 * {@link ServiceLoader} or from CDI beans, and checked as a whole: every way of assembling
 * Gatehouse goes through the same rules. Not thread-safe; used once.
 */
public final class RuntimeBuilder {
    private static final List<String> RESERVED = List.of("ping", "auth_refresh");

    private GatehouseConfig config;
    private TokenVerifier verifier;
    private final Map<String, Route> routes = new LinkedHashMap<>();
    private FallbackHandler fallback;
    private final List<ReadinessCheck> checks = new ArrayList<>();
    private final List<ConnectionSetup> setups = new ArrayList<>();
    private final List<LifecycleListener> listeners = new ArrayList<>();
    private final List<UpgradeCheck> upgradeChecks = new ArrayList<>();
    private LifecycleManager lifecycleManager;
    private Clock clock = Clock.systemUTC();
    private Backplane backplane;
    private RoomAuthorizer roomAuthorizer;
    private MeterBackend metrics;

    /** The configuration; the defaults when never called. */
    public RuntimeBuilder config(GatehouseConfig c) {
        this.config = Objects.requireNonNull(c, "config");
        return this;
    }

    /** Replaces the verifier built from the configuration's key. */
    public RuntimeBuilder tokenVerifier(TokenVerifier v) {
        this.verifier = Objects.requireNonNull(v, "verifier");
        return this;
    }

    /** Adds a synchronous handler, with the groups its class's {@code @RolesAllowed} names. */
    public RuntimeBuilder handler(FrameHandler<?> handler) {
        return route(Route.of(Objects.requireNonNull(handler, "handler")).requiring(RolesAllowed.of(handler)));
    }

    /** Adds an asynchronous handler, with the groups its class's {@code @RolesAllowed} names. */
    public RuntimeBuilder handler(AsyncFrameHandler<?> handler) {
        return route(Route.of(Objects.requireNonNull(handler, "handler")).requiring(RolesAllowed.of(handler)));
    }

    /** Adds a synchronous handler called only for tokens that meet {@code requires}. */
    public RuntimeBuilder handler(FrameHandler<?> handler, Requires requires) {
        return route(Route.of(Objects.requireNonNull(handler, "handler")).requiring(given(handler, requires)));
    }

    /** Adds an asynchronous handler called only for tokens that meet {@code requires}. */
    public RuntimeBuilder handler(AsyncFrameHandler<?> handler, Requires requires) {
        return route(Route.of(Objects.requireNonNull(handler, "handler")).requiring(given(handler, requires)));
    }

    /**
     * Adds every {@link dev.gatehouse.Handles} method of a handler bean.
     *
     * @throws ConfigurationException when a method cannot be a handler, or its type is taken
     */
    public RuntimeBuilder handlers(Object bean) {
        HandlerMethods.routes(Objects.requireNonNull(bean, "bean")).forEach(this::route);
        return this;
    }

    /**
     * Adds every {@link dev.gatehouse.Handles} method of a CDI bean's class, called through the
     * bean's contextual reference (its client proxy, which subclasses the class).
     *
     * @throws ConfigurationException when a method cannot be a handler, or its type is taken
     */
    public RuntimeBuilder handlers(Object reference, Class<?> beanClass) {
        HandlerMethods.routes(Objects.requireNonNull(reference, "reference"), beanClass).forEach(this::route);
        return this;
    }

    /** A requirement given in code, for a handler whose class does not state one too. */
    private static Requires given(Object handler, Requires requires) {
        Objects.requireNonNull(requires, "requires");
        if (RolesAllowed.of(handler) != Requires.NOTHING) {
            throw new IllegalArgumentException(handler.getClass().getName()
                    + " has @RolesAllowed and was given a Requires too; keep one");
        }
        return requires;
    }

    /** Replaces the fallback handler. */
    public RuntimeBuilder fallback(FallbackHandler f) {
        this.fallback = Objects.requireNonNull(f, "fallback");
        return this;
    }

    /** Adds a readiness check. */
    public RuntimeBuilder readinessCheck(ReadinessCheck check) {
        checks.add(Objects.requireNonNull(check, "check"));
        return this;
    }

    /** Adds a per-connection setup step. */
    public RuntimeBuilder connectionSetup(ConnectionSetup setup) {
        setups.add(Objects.requireNonNull(setup, "setup"));
        return this;
    }

    /** Adds a lifecycle listener. */
    public RuntimeBuilder listener(LifecycleListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Adds an upgrade check, run after the ones added before it. */
    public RuntimeBuilder upgradeCheck(UpgradeCheck check) {
        upgradeChecks.add(Objects.requireNonNull(check, "check"));
        return this;
    }

    /** Replaces the default lifecycle manager. */
    public RuntimeBuilder lifecycleManager(LifecycleManager manager) {
        this.lifecycleManager = Objects.requireNonNull(manager, "manager");
        return this;
    }

    /** The clock. */
    public RuntimeBuilder clock(Clock c) {
        this.clock = Objects.requireNonNull(c, "clock");
        return this;
    }

    /** The backplane to the other nodes; else one from a {@link BackplaneProvider}, else none. */
    public RuntimeBuilder backplane(Backplane b) {
        this.backplane = Objects.requireNonNull(b, "backplane");
        return this;
    }

    /** Whether a handler was added. */
    public boolean hasHandlers() {
        return !routes.isEmpty();
    }

    /** Where the meters go; else one found on the class path ({@link Backends#detect}). */
    public RuntimeBuilder metrics(MeterBackend backend) {
        this.metrics = Objects.requireNonNull(backend, "metrics");
        return this;
    }

    /** The room authorizer; one per application. */
    public RuntimeBuilder roomAuthorizer(RoomAuthorizer authorizer) {
        Objects.requireNonNull(authorizer, "authorizer");
        if (roomAuthorizer != null && roomAuthorizer != authorizer) {
            throw new ConfigurationException("roomAuthorizer", "two room authorizers: "
                    + roomAuthorizer.getClass().getName() + " and " + authorizer.getClass().getName()
                    + "; combine them into one");
        }
        this.roomAuthorizer = authorizer;
        return this;
    }

    /** Adds every handler, check, setup, listener, room authorizer and upgrade check registered with {@link ServiceLoader}. */
    public RuntimeBuilder loadServices() {
        ServiceLoader.load(FrameHandler.class).forEach(this::handler);
        ServiceLoader.load(AsyncFrameHandler.class).forEach(this::handler);
        ServiceLoader.load(ReadinessCheck.class).forEach(this::readinessCheck);
        ServiceLoader.load(ConnectionSetup.class).forEach(this::connectionSetup);
        ServiceLoader.load(LifecycleListener.class).forEach(this::listener);
        ServiceLoader.load(RoomAuthorizer.class).forEach(this::roomAuthorizer);
        ServiceLoader.load(UpgradeCheck.class).forEach(this::upgradeCheck);
        return this;
    }

    /**
     * Checks the choices as a whole and builds the runtime (its threads start on demand).
     *
     * @throws ConfigurationException when choices conflict, or the token key is missing or unusable
     */
    public GatehouseRuntime build() {
        GatehouseConfig given = config != null ? config : GatehouseConfig.builder().build();
        GatehouseConfig c = given.nodeId().isEmpty() ? given.toBuilder().nodeId(randomNodeId()).build() : given;
        if (lifecycleManager != null && !(checks.isEmpty() && setups.isEmpty())) {
            throw new ConfigurationException("lifecycleManager", "a custom LifecycleManager replaces the default one,"
                    + " which runs readiness checks and connection setups, and " + checks.size() + " check(s) and "
                    + setups.size() + " setup(s) were given too; have your manager run them (or wrap "
                    + "LifecycleManager.defaults(checks, setups)), or drop the manager");
        }
        List<String> unused = c.jwt().verifierSettingsGiven().stream().sorted().toList();
        if (verifier != null && !unused.isEmpty()) {
            throw new ConfigurationException(unused.get(0), "a custom TokenVerifier replaces the built-in one that "
                    + String.join(", ", unused) + " configure(s), so they would do nothing; drop one or the other");
        }
        GatehouseMetrics meters = GatehouseMetrics.on(
                metrics != null ? metrics : c.metricsEnabled() ? Backends.detect() : MeterBackend.NONE, routes.keySet());
        TokenVerifier tokens = verifier != null ? verifier : CachingTokenVerifier.wrap(
                JwtTokenVerifier.create(c.jwt(), clock, meters.poolOverflows(GatehouseMetrics.Pool.HMAC)),
                c.jwt().verifiedCacheSize(), clock, meters);
        return new GatehouseRuntime(new GatehouseRuntime.Parts(c, tokens, List.copyOf(routes.values()), fallback,
                listeners, checks, setups, lifecycleManager, clock, backplane != null ? backplane : provided(c),
                roomAuthorizer, meters, upgradeChecks));
    }

    /** The backplane of the first {@link BackplaneProvider} whose configuration is present, or null. */
    private static Backplane provided(GatehouseConfig c) {
        for (BackplaneProvider provider : ServiceLoader.load(BackplaneProvider.class)) {
            Optional<Backplane> b = provider.create(c.source(), new BackplaneProvider.Node(c.nodeId(), c.nodeTtl()));
            if (b.isPresent()) {
                return b.get();
            }
        }
        return null;
    }

    /** A node id for a node not given one: {@code node-} and 8 random base-36 characters. */
    private static String randomNodeId() {
        String random = Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
        return "node-" + (random + "00000000").substring(0, 8);
    }

    private RuntimeBuilder route(Route route) {
        if (!EnvelopeCodec.isValidType(route.type()) || RESERVED.contains(route.type())) {
            throw new ConfigurationException(route.handler(), "'" + route.type() + "' is not a valid handler type"
                    + (RESERVED.contains(route.type()) ? " (the protocol's own)" : " ([a-z][a-z0-9_.:-]{0,63})"));
        }
        Route taken = routes.putIfAbsent(route.type(), route);
        if (taken != null) {
            throw new ConfigurationException(route.handler(), "type '" + route.type() + "' is handled by "
                    + taken.handler() + " already; one handler per type");
        }
        return this;
    }
}
