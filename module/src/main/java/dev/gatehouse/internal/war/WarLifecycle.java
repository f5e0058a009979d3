package dev.gatehouse.internal.war;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.internal.GatehouseRuntime;
import dev.gatehouse.internal.RuntimeBuilder;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Builds the application's Gatehouse when the WAR starts, from MicroProfile Config (else system
 * properties and environment) and CDI beans (else {@link java.util.ServiceLoader}); stops it when the
 * WAR stops, closing every connection with 1001. A misconfiguration throws here and fails the
 * deployment with a message naming the property.
 */
final class WarLifecycle implements ServletContextListener {
    private static final Logger LOG = System.getLogger("dev.gatehouse.war");
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(2);

    private final List<String> paths;
    private GatehouseRuntime runtime;

    WarLifecycle(List<String> paths) {
        this.paths = List.copyOf(paths);
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ConfigSource source = MicroProfileConfig.source().orElseGet(ConfigSource::system);
        RuntimeBuilder builder = new RuntimeBuilder().config(GatehouseConfig.from(source).build());
        Optional<String> discovery = CdiBeans.addTo(builder);
        if (discovery.isEmpty() || !builder.hasHandlers()) { // the jar's beans.xml makes CDI present in every WAR
            builder.loadServices();
        }
        runtime = builder.build();
        runtime.start();
        WarDeployment.deploy(runtime);
        LOG.log(Level.INFO, "Gatehouse ready at {0} of {1} (handlers from {2})", paths,
                event.getServletContext().getContextPath(), discovery.orElse("ServiceLoader"));
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (runtime != null) {
            runtime.shutdown(SHUTDOWN_GRACE);
            WarDeployment.deploy(null);
        }
    }
}
