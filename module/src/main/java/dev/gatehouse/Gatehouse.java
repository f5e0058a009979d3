package dev.gatehouse;

import dev.gatehouse.internal.GatehouseRuntime;
import dev.gatehouse.internal.RuntimeBuilder;
import dev.gatehouse.spi.AsyncFrameHandler;
import dev.gatehouse.spi.Backplane;
import dev.gatehouse.spi.BackplaneProvider;
import dev.gatehouse.spi.ConnectionSetup;
import dev.gatehouse.spi.FallbackHandler;
import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.spi.InProcessCluster;
import dev.gatehouse.spi.LifecycleListener;
import dev.gatehouse.spi.LifecycleManager;
import dev.gatehouse.spi.ReadinessCheck;
import dev.gatehouse.spi.RoomAuthorizer;
import dev.gatehouse.spi.TokenVerifier;
import dev.gatehouse.spi.UpgradeCheck;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * One Gatehouse instance: configuration, token verification, handlers and lifecycle, independent of
 * the container it runs in. Build it once and run it standalone ({@link Builder#start()}, or
 * {@link GatehouseServer} for static content and other endpoints beside it), or let the WAR
 * integration build it from CDI beans.
 *
 * <pre>{@code
 * GatehouseServer server = Gatehouse.builder(ConfigSource.system())  // gatehouse.*, mp.jwt.*: properties, environment
 *         .config(c -> c.port(8080))                                // typed setters, over the properties
 *         .handlers(new Chat())                                     // its @Handles methods
 *         .start();
 * }</pre>
 */
public final class Gatehouse {
    private final GatehouseRuntime runtime;

    private Gatehouse(GatehouseRuntime runtime) {
        this.runtime = runtime;
    }

    /** {@return a builder with the default configuration and no handlers} */
    public static Builder builder() {
        return new Builder(GatehouseConfig.builder());
    }

    /**
     * A builder whose configuration is read from properties ({@link GatehouseConfig#from}), for
     * example {@code Gatehouse.builder(ConfigSource.system())}: system properties, then environment
     * variables by the MicroProfile Config mapping. {@link Builder#config(Consumer)} edits it.
     *
     * @param source where the properties come from
     * @return the builder, without handlers
     * @throws ConfigurationException when a value does not parse or is out of range
     */
    public static Builder builder(ConfigSource source) {
        return new Builder(GatehouseConfig.from(source));
    }

    /** {@return the configuration in force} */
    public GatehouseConfig config() {
        return runtime.config();
    }

    /** {@return the open connections, to send to them from outside a handler} */
    public Connections connections() {
        return runtime.connections();
    }

    /** {@return the revocations: tokens and users refused before their tokens expire} */
    public Revocations revocations() {
        return runtime.revocations();
    }

    /** {@return what this node's backplane did so far, and whether it reaches the other nodes now} */
    public ClusterStatus clusterStatus() {
        return runtime.clusterStatus();
    }

    /**
     * Closes every connection with 1001 ({@link CloseReasons#SERVER_SHUTDOWN}), waits up to
     * {@code grace} for them to close, and stops Gatehouse's threads.
     *
     * @param grace how long the clients have to answer the close
     */
    public void shutdown(Duration grace) {
        runtime.shutdown(grace);
    }

    GatehouseRuntime runtime() {
        return runtime;
    }

    /**
     * Builds a {@link Gatehouse}. Each method checks its argument; {@link #build()} checks the
     * choices as a whole. Handlers, checks, setups and listeners found by {@link #loadServices()} or,
     * in a WAR, as CDI beans go through the same checks.
     */
    public static final class Builder {
        private final RuntimeBuilder parts = new RuntimeBuilder();
        private GatehouseConfig.Builder config;
        private final List<Consumer<GatehouseConfig.Builder>> configEdits = new ArrayList<>();

        private Builder(GatehouseConfig.Builder config) {
            this.config = config;
        }

        /**
         * The configuration, replacing the defaults or the properties {@link Gatehouse#builder(ConfigSource)}
         * read; the {@link #config(Consumer)} edits still apply.
         *
         * @param config the configuration
         * @return this builder
         */
        public Builder config(GatehouseConfig config) {
            this.config = Objects.requireNonNull(config, "config").toBuilder();
            return this;
        }

        /**
         * Edits the configuration with {@link GatehouseConfig.Builder}'s typed setters, for example
         * {@code config(c -> c.hmacSecret(secret).port(8080))}. The edits apply, in the order given,
         * on top of the properties read by {@link Gatehouse#builder(ConfigSource)} or the
         * configuration given to {@link #config(GatehouseConfig)}, whatever the order of the calls: a
         * typed setter wins over a property.
         *
         * @param edit what to set
         * @return this builder
         */
        public Builder config(Consumer<GatehouseConfig.Builder> edit) {
            configEdits.add(Objects.requireNonNull(edit, "edit"));
            return this;
        }

        /**
         * Builds Gatehouse and starts it on the standalone server its configuration describes
         * ({@code gatehouse.host}, {@code gatehouse.port}, {@code gatehouse.path}, TLS, compression):
         * {@code GatehouseServer.builder(build()).build().start()}. When the server cannot be built
         * or bound, the Gatehouse is shut down (nothing was served).
         *
         * @return the started server; {@link GatehouseServer#stop()} stops it
         * @throws ConfigurationException when the configuration or the choices are refused, naming the
         *     property at fault
         * @throws java.io.UncheckedIOException when the address cannot be bound
         */
        public GatehouseServer start() {
            Gatehouse gatehouse = build();
            GatehouseServer server;
            try {
                server = GatehouseServer.builder(gatehouse).build();
            } catch (RuntimeException e) { // a TLS file, /metrics without Micrometer: stop what build() began
                gatehouse.shutdown(Duration.ZERO);
                throw e;
            }
            return server.start();
        }

        /**
         * Replaces the token verifier built from {@link GatehouseConfig#jwt()}; the JWT settings,
         * the verified-token cache included, then do not apply.
         *
         * @param verifier the verifier
         * @return this builder
         */
        public Builder tokenVerifier(TokenVerifier verifier) {
            parts.tokenVerifier(verifier);
            return this;
        }

        /**
         * Adds an upgrade check, run after the token is verified and after the checks added
         * before it; the first refusal wins (see {@link UpgradeCheck}).
         *
         * @param check the check
         * @return this builder
         */
        public Builder upgradeCheck(UpgradeCheck check) {
            parts.upgradeCheck(check);
            return this;
        }

        /**
         * Adds the handler beans: every {@link Handles} method of each is the handler of its type
         * (one handler per type across all beans and handlers).
         *
         * @param beans objects with {@link Handles} methods
         * @return this builder
         * @throws ConfigurationException naming the class and method, when a method cannot be a
         *     handler or its type is invalid or taken
         */
        public Builder handlers(Object... beans) {
            for (Object bean : beans) {
                parts.handlers(bean);
            }
            return this;
        }

        /**
         * Adds a synchronous handler; one handler per type. A {@code @RolesAllowed} on its class
         * (jakarta.annotation) is its {@link Requires#groups}.
         *
         * @param handler the handler
         * @return this builder
         * @throws ConfigurationException when its type is invalid, reserved or taken
         */
        public Builder handler(FrameHandler<?> handler) {
            parts.handler(handler);
            return this;
        }

        /**
         * Adds a synchronous handler that runs only for connections whose token meets
         * {@code requires}; the others' frames of its type are answered {@code FORBIDDEN}.
         *
         * @param handler the handler
         * @param requires the groups or scopes it needs
         * @return this builder
         * @throws ConfigurationException when its type is invalid, reserved or taken, or its class
         *     has {@code @RolesAllowed} too
         */
        public Builder handler(FrameHandler<?> handler, Requires requires) {
            parts.handler(handler, requires);
            return this;
        }

        /**
         * Adds an asynchronous handler; one handler per type. A {@code @RolesAllowed} on its class
         * (jakarta.annotation) is its {@link Requires#groups}.
         *
         * @param handler the handler
         * @return this builder
         * @throws ConfigurationException when its type is invalid, reserved or taken
         */
        public Builder handler(AsyncFrameHandler<?> handler) {
            parts.handler(handler);
            return this;
        }

        /**
         * Adds an asynchronous handler that runs only for connections whose token meets
         * {@code requires}; the others' frames of its type are answered {@code FORBIDDEN}.
         *
         * @param handler the handler
         * @param requires the groups or scopes it needs
         * @return this builder
         * @throws ConfigurationException when its type is invalid, reserved or taken, or its class
         *     has {@code @RolesAllowed} too
         */
        public Builder handler(AsyncFrameHandler<?> handler, Requires requires) {
            parts.handler(handler, requires);
            return this;
        }

        /**
         * Replaces the default fallback handler (which answers {@code UNKNOWN_TYPE}).
         *
         * @param fallback the fallback
         * @return this builder
         */
        public Builder fallback(FallbackHandler fallback) {
            parts.fallback(fallback);
            return this;
        }

        /**
         * Adds an application-wide readiness check, run by the default lifecycle manager.
         *
         * @param check the check
         * @return this builder
         */
        public Builder readinessCheck(ReadinessCheck check) {
            parts.readinessCheck(check);
            return this;
        }

        /**
         * Adds a per-connection setup step, run by the default lifecycle manager.
         *
         * @param setup the step
         * @return this builder
         */
        public Builder connectionSetup(ConnectionSetup setup) {
            parts.connectionSetup(setup);
            return this;
        }

        /**
         * Adds a lifecycle listener.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(LifecycleListener listener) {
            parts.listener(listener);
            return this;
        }

        /**
         * Replaces the default lifecycle manager. It then runs whatever the application needs
         * before the welcome; to keep the default checks and setups, wrap
         * {@link LifecycleManager#defaults}. Given together with {@link #readinessCheck} or
         * {@link #connectionSetup}, {@link #build()} refuses the conflict.
         *
         * @param manager the manager
         * @return this builder
         */
        public Builder lifecycleManager(LifecycleManager manager) {
            parts.lifecycleManager(manager);
            return this;
        }

        /**
         * The backplane that carries sends to the other nodes of a cluster. Without one, the first
         * {@link BackplaneProvider} on the class path whose configuration is present makes one (the
         * {@code gatehouse-redis} artifact, with {@code gatehouse.cluster.redis.uri} set); with
         * none, this node runs alone.
         *
         * @param backplane the backplane, for example {@link InProcessCluster#node()}
         * @return this builder
         */
        public Builder backplane(Backplane backplane) {
            parts.backplane(backplane);
            return this;
        }

        /**
         * Where Gatehouse's meters go; without one, Gatehouse finds a back end on the class path
         * (see {@link Metrics}), or records none with {@code gatehouse.metrics.enabled=false}.
         *
         * @param metrics the back end, for example {@code Metrics.micrometer(registry)}
         * @return this builder
         */
        public Builder metrics(Metrics metrics) {
            parts.metrics(metrics.backend());
            return this;
        }

        /**
         * Decides which connection may join which room; without one, every valid room name is
         * allowed.
         *
         * @param authorizer the authorizer
         * @return this builder
         * @throws ConfigurationException when a different authorizer was given already
         */
        public Builder roomAuthorizer(RoomAuthorizer authorizer) {
            parts.roomAuthorizer(authorizer);
            return this;
        }

        /**
         * The clock for token times and timestamps; the system UTC clock by default.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            parts.clock(clock);
            return this;
        }

        /**
         * Adds every {@link FrameHandler}, {@link AsyncFrameHandler}, {@link ReadinessCheck},
         * {@link ConnectionSetup}, {@link LifecycleListener}, {@link RoomAuthorizer} and {@link UpgradeCheck} registered
         * with {@link ServiceLoader}.
         *
         * @return this builder
         */
        public Builder loadServices() {
            parts.loadServices();
            return this;
        }

        /**
         * Builds Gatehouse. Its threads start when a server serves it.
         *
         * @return the instance
         * @throws ConfigurationException when choices conflict, or the token keys are missing or unusable
         */
        public Gatehouse build() {
            configEdits.forEach(edit -> edit.accept(config));
            configEdits.clear();
            parts.config(config.build());
            return new Gatehouse(parts.build());
        }
    }
}
