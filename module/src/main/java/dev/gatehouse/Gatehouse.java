package dev.gatehouse;

import dev.gatehouse.internal.Internal;
import dev.gatehouse.internal.codec.EnvelopeCodec;
import dev.gatehouse.internal.handshake.jwt.CachingTokenVerifier;
import dev.gatehouse.internal.handshake.jwt.JwtTokenVerifier;
import dev.gatehouse.internal.lifecycle.DefaultLifecycleManager;
import dev.gatehouse.internal.lifecycle.GatehouseRuntime;
import dev.gatehouse.internal.routing.Route;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * One Gatehouse instance: configuration, token verification, handlers and lifecycle, independent of
 * the container it runs in. Build it once; run it standalone with {@link GatehouseServer}, or let the
 * WAR integration build it from CDI beans.
 *
 * <pre>{@code
 * Gatehouse gatehouse = Gatehouse.builder()
 *         .config(GatehouseConfig.from(ConfigSource.system()).build())
 *         .handler(MessageHandler.of("echo", JsonObject.class, (data, ctx) -> ctx.reply("echo", data)))
 *         .build();
 * }</pre>
 */
public final class Gatehouse {
    /** The instance a WAR deployed; one per web application, since each loads its own copy of this class. */
    private static volatile Gatehouse deployed;

    private final GatehouseRuntime runtime;

    static {
        Internal.instance = new Internal() {
            @Override
            public GatehouseRuntime runtime(Gatehouse gatehouse) {
                return gatehouse.runtime;
            }

            @Override
            public GatehouseRuntime deployedRuntime() {
                return deployed().runtime;
            }
        };
    }

    private Gatehouse(GatehouseRuntime runtime) {
        this.runtime = runtime;
    }

    /** A builder with the default configuration and no handlers. */
    public static Builder builder() {
        return new Builder();
    }

    /** The configuration in force. */
    public GatehouseConfig config() {
        return runtime.config();
    }

    /** The open connections, to send to them from outside a handler. */
    public Connections connections() {
        return runtime.connections();
    }

    /**
     * Closes every connection with 1001 ({@code SERVER_SHUTDOWN}), waits up to {@code grace} for the
     * close frames to go out, and stops Gatehouse's threads.
     */
    public void shutdown(Duration grace) {
        runtime.shutdown(grace);
    }

    GatehouseRuntime runtime() {
        return runtime;
    }

    /**
     * Makes this the instance the WAR's endpoints use. Called by the WAR integration at startup.
     *
     * @param gatehouse the instance, or null when the application stops
     */
    public static void deploy(Gatehouse gatehouse) {
        deployed = gatehouse;
    }

    static Gatehouse deployed() {
        Gatehouse g = deployed;
        if (g == null) {
            throw new IllegalStateException("Gatehouse is not deployed in this application");
        }
        return g;
    }

    /** Builds a {@link Gatehouse}. */
    public static final class Builder {
        private static final List<String> RESERVED = List.of("ping", "auth_refresh");

        private GatehouseConfig config = GatehouseConfig.builder().build();
        private TokenVerifier verifier;
        private final Map<String, Route> routes = new LinkedHashMap<>();
        private FallbackHandler fallback;
        private final List<ReadinessCheck> checks = new ArrayList<>();
        private final List<ConnectionSetup> setups = new ArrayList<>();
        private final List<LifecycleListener> listeners = new ArrayList<>();
        private LifecycleManager lifecycleManager;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The configuration; defaults to {@link GatehouseConfig#builder()}'s defaults. */
        public Builder config(GatehouseConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Replaces the token verifier built from {@link GatehouseConfig#jwt()}. */
        public Builder tokenVerifier(TokenVerifier verifier) {
            this.verifier = Objects.requireNonNull(verifier, "verifier");
            return this;
        }

        /** Adds a synchronous handler; one handler per type. */
        public Builder handler(MessageHandler<?> handler) {
            return route(Route.of(handler));
        }

        /** Adds an asynchronous handler; one handler per type. */
        public Builder handler(AsyncMessageHandler<?> handler) {
            return route(Route.of(handler));
        }

        /** Replaces the default fallback handler (which answers {@code UNKNOWN_TYPE}). */
        public Builder fallback(FallbackHandler fallback) {
            this.fallback = Objects.requireNonNull(fallback, "fallback");
            return this;
        }

        /** Adds an application-wide readiness check. */
        public Builder readinessCheck(ReadinessCheck check) {
            checks.add(Objects.requireNonNull(check, "check"));
            return this;
        }

        /** Adds a per-connection setup step. */
        public Builder connectionSetup(ConnectionSetup setup) {
            setups.add(Objects.requireNonNull(setup, "setup"));
            return this;
        }

        /** Adds a lifecycle listener. */
        public Builder listener(LifecycleListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Replaces the default lifecycle manager (which runs the readiness checks and setups). */
        public Builder lifecycleManager(LifecycleManager manager) {
            this.lifecycleManager = Objects.requireNonNull(manager, "manager");
            return this;
        }

        /** The clock for token times and timestamps; the system UTC clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Adds every {@link MessageHandler}, {@link AsyncMessageHandler}, {@link ReadinessCheck},
         * {@link ConnectionSetup} and {@link LifecycleListener} registered with {@link ServiceLoader}.
         */
        public Builder loadServices() {
            ServiceLoader.load(MessageHandler.class).forEach(this::handler);
            ServiceLoader.load(AsyncMessageHandler.class).forEach(this::handler);
            ServiceLoader.load(ReadinessCheck.class).forEach(this::readinessCheck);
            ServiceLoader.load(ConnectionSetup.class).forEach(this::connectionSetup);
            ServiceLoader.load(LifecycleListener.class).forEach(this::listener);
            return this;
        }

        /**
         * Builds Gatehouse and starts its worker and timer threads.
         *
         * @throws ConfigurationException when the token keys are missing or unusable
         */
        public Gatehouse build() {
            TokenVerifier tokens = verifier != null ? verifier
                    : CachingTokenVerifier.wrap(JwtTokenVerifier.create(config.jwt(), clock),
                            config.jwt().verifiedCacheSize(), clock);
            var parts = new GatehouseRuntime.Parts(config, tokens, routes.values(), fallback, listeners, clock);
            return new Gatehouse(new GatehouseRuntime(parts, workers -> lifecycleManager != null
                    ? lifecycleManager : new DefaultLifecycleManager(checks, setups, workers)));
        }

        private Builder route(Route route) {
            if (!EnvelopeCodec.isValidType(route.type()) || RESERVED.contains(route.type())) {
                throw new IllegalArgumentException("'" + route.type() + "' is not a valid handler type");
            }
            if (routes.putIfAbsent(route.type(), route) != null) {
                throw new IllegalArgumentException("Two handlers for type '" + route.type() + "'");
            }
            return this;
        }
    }
}
