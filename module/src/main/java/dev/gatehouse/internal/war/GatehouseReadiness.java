package dev.gatehouse.internal.war;

import dev.gatehouse.internal.GatehouseRuntime;
import dev.gatehouse.internal.Health;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Gatehouse's readiness in a WAR, for the server's MicroProfile Health endpoint ({@code /health/ready}):
 * one check named {@code gatehouse}, UP when the checks the standalone server reports all pass (the
 * server is not stopping, the backplane reaches the other nodes, every application
 * {@link dev.gatehouse.spi.ReadinessCheck} passes), each of them in the data as its name and {@code UP} or
 * {@code DOWN: reason}. Answered within the ready timeout: a check that has not answered by then is
 * DOWN. DOWN as well before the application has deployed Gatehouse and after it stopped.
 *
 * <p>A bean only where MicroProfile Health is present: the jar's {@code META-INF/beans.xml} makes it
 * a bean archive in which this is the only class with a bean-defining annotation, and excludes this
 * class where {@link HealthCheck} (or the Servlet API) is not available, before the container loads
 * it: no class-loading failure on WildFly's {@code standalone.xml}. No other Gatehouse class refers to
 * this one or to MicroProfile Health.
 *
 * <p>Not final: an application-scoped bean is called through a client proxy, which is a subclass.
 * Holds no lock.
 */
@Readiness
@ApplicationScoped
public class GatehouseReadiness implements HealthCheck {
    /** The check's name in the server's health answer. */
    static final String NAME = "gatehouse";

    private final Supplier<GatehouseRuntime> runtime;

    /** The bean: the readiness of the Gatehouse this application deployed. */
    public GatehouseReadiness() {
        this(WarDeployment::runtime);
    }

    GatehouseReadiness(Supplier<GatehouseRuntime> runtime) {
        this.runtime = runtime;
    }

    /** {@return UP or DOWN, with each Gatehouse check in the data}; never waits longer than the ready timeout */
    @Override
    public HealthCheckResponse call() {
        GatehouseRuntime deployed;
        try {
            deployed = runtime.get();
        } catch (IllegalStateException notDeployed) {
            return response(List.of(new Health.Check("gatehouse-server", false, "not deployed")));
        }
        try {
            return response(deployed.health().readyChecks());
        } catch (RuntimeException e) { // an application check's name() that throws: DOWN, and no message
            return response(List.of(new Health.Check("gatehouse-server", false, "threw " + e.getClass().getName())));
        }
    }

    private static HealthCheckResponse response(List<Health.Check> checks) {
        boolean up = checks.stream().allMatch(Health.Check::up);
        return new HealthCheckResponse(NAME, up ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN,
                Optional.of(data(checks)));
    }

    /** Each check's name (numbered when two share one) and its status, with the reason when DOWN; the backplane's engine. */
    private static Map<String, Object> data(List<Health.Check> checks) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (Health.Check c : checks) {
            String key = c.name();
            for (int n = 2; data.containsKey(key); n++) {
                key = c.name() + " (" + n + ")";
            }
            data.put(key, c.up() ? "UP" : "DOWN: " + c.reason());
            if (c.engine() != null) {
                data.put(key + " engine", c.engine());
            }
        }
        return data;
    }
}
