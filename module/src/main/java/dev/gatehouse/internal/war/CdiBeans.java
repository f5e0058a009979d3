package dev.gatehouse.internal.war;

import dev.gatehouse.internal.HandlerMethods;
import dev.gatehouse.internal.RuntimeBuilder;
import dev.gatehouse.internal.metrics.Backends;
import dev.gatehouse.internal.metrics.MeterBackend;
import dev.gatehouse.internal.metrics.MicrometerBackend;
import dev.gatehouse.internal.metrics.OpenTelemetryBackend;
import dev.gatehouse.spi.AsyncFrameHandler;
import dev.gatehouse.spi.ConnectionSetup;
import dev.gatehouse.spi.FallbackHandler;
import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.spi.LifecycleListener;
import dev.gatehouse.spi.LifecycleManager;
import dev.gatehouse.spi.ReadinessCheck;
import dev.gatehouse.spi.RoomAuthorizer;
import dev.gatehouse.spi.TokenVerifier;
import dev.gatehouse.spi.UpgradeCheck;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.enterprise.util.TypeLiteral;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Adds the application's CDI beans to a Gatehouse builder: every bean with
 * {@link dev.gatehouse.Handles} methods, every {@link FrameHandler},
 * {@link AsyncFrameHandler}, {@link ReadinessCheck}, {@link ConnectionSetup},
 * {@link LifecycleListener} and {@link UpgradeCheck} (in no set order: keep such checks
 * independent of one another), and a {@link FallbackHandler}, {@link LifecycleManager} or
 * {@link TokenVerifier} when the application defines one, and a metrics back end: a bean of
 * Micrometer's {@code MeterRegistry}, else OpenTelemetry's {@code Meter} or {@code OpenTelemetry}
 * (WildFly's Micrometer and OpenTelemetry subsystems, an application's producer), each looked up
 * only when its library is visible to the application.
 */
final class CdiBeans {
    private CdiBeans() {
    }

    /** Adds the beans; returns "CDI", or empty when there is no CDI container. */
    static Optional<String> addTo(RuntimeBuilder builder) {
        CDI<Object> cdi;
        try {
            cdi = CDI.current();
        } catch (LinkageError | IllegalStateException e) {
            return Optional.empty();
        }
        // Wildcard types: a bean FrameHandler<Chat> is not assignable to the raw FrameHandler
        // (CDI's assignability rules), so select(FrameHandler.class) finds no handler at all.
        cdi.select(new TypeLiteral<FrameHandler<?>>() { }, Any.Literal.INSTANCE).forEach(builder::handler);
        cdi.select(new TypeLiteral<AsyncFrameHandler<?>>() { }, Any.Literal.INSTANCE).forEach(builder::handler);
        annotatedHandlers(cdi.getBeanManager(), builder);
        all(cdi, ReadinessCheck.class, builder::readinessCheck);
        all(cdi, ConnectionSetup.class, builder::connectionSetup);
        all(cdi, LifecycleListener.class, builder::listener);
        all(cdi, UpgradeCheck.class, builder::upgradeCheck);
        one(cdi, FallbackHandler.class, builder::fallback);
        one(cdi, LifecycleManager.class, builder::lifecycleManager);
        one(cdi, TokenVerifier.class, builder::tokenVerifier);
        one(cdi, RoomAuthorizer.class, builder::roomAuthorizer);
        metricsBean(cdi).ifPresent(builder::metrics);
        return Optional.of("CDI");
    }

    /**
     * Adds every bean whose class has {@link dev.gatehouse.Handles} methods: the class scanned, the
     * calls made through its contextual reference (a client proxy for a normal scope, so each call
     * reaches the bean in its scope; the proxy's own methods are not scanned, see HandlerMethods).
     */
    private static void annotatedHandlers(BeanManager beans, RuntimeBuilder builder) {
        for (Bean<?> bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> type = bean.getBeanClass();
            if (bean.getTypes().contains(type) && type.getClassLoader() != null // a managed bean, not a producer's
                    && HandlerMethods.has(type)) {
                builder.handlers(beans.getReference(bean, type, beans.createCreationalContext(bean)), type);
            }
        }
    }

    // Lambdas, not method references: a method reference links its class when evaluated, and the
    // adapters must not load unless their library is there.
    private static Optional<MeterBackend> metricsBean(CDI<Object> cdi) {
        return bean(cdi, "io.micrometer.core.instrument.MeterRegistry").map(r -> MicrometerBackend.of(r))
                .or(() -> bean(cdi, "io.opentelemetry.api.metrics.Meter").map(m -> OpenTelemetryBackend.of(m)))
                .or(() -> bean(cdi, "io.opentelemetry.api.OpenTelemetry").map(o -> OpenTelemetryBackend.of(o)));
    }

    /** The one bean of the named type, when the type is visible and such a bean resolves. */
    private static Optional<Object> bean(CDI<Object> cdi, String typeName) {
        if (!Backends.present(typeName)) {
            return Optional.empty();
        }
        try {
            Instance<?> instance = cdi.select(Class.forName(typeName, false, CdiBeans.class.getClassLoader()),
                    Any.Literal.INSTANCE);
            return instance.isResolvable() ? Optional.of(instance.get()) : Optional.empty();
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    private static <T> void all(CDI<Object> cdi, Class<T> type, Consumer<T> add) {
        cdi.select(type, Any.Literal.INSTANCE).forEach(add);
    }

    private static <T> void one(CDI<Object> cdi, Class<T> type, Consumer<T> set) {
        Instance<T> instance = cdi.select(type, Any.Literal.INSTANCE);
        if (instance.isResolvable()) {
            set.accept(instance.get());
        }
    }
}
