package dev.gatehouse.internal.war;

import dev.gatehouse.GatehouseEndpoint;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.annotation.HandlesTypes;
import jakarta.websocket.server.ServerEndpoint;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Wires Gatehouse into a WAR that carries the jar in {@code WEB-INF/lib}: a listener that builds
 * Gatehouse when the application starts (failing the deployment on a misconfiguration) and stops it
 * with 1001 when it stops, and the handshake filter on every Gatehouse endpoint path.
 */
@HandlesTypes(GatehouseEndpoint.class)
public final class GatehouseInitializer implements ServletContainerInitializer {

    @Override
    public void onStartup(Set<Class<?>> endpointSubclasses, ServletContext context) {
        List<String> paths = endpointPaths(endpointSubclasses);
        context.addListener(new WarLifecycle(paths));
        FilterRegistration.Dynamic filter = context.addFilter("gatehouse-handshake",
                new HandshakeServletFilter(WarDeployment::runtime));
        filter.setAsyncSupported(true);
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, paths.toArray(String[]::new));
    }

    /** The paths of the application's {@link GatehouseEndpoint} subclasses, or the default {@code /ws}. */
    static List<String> endpointPaths(Set<Class<?>> classes) {
        List<String> paths = new ArrayList<>();
        if (classes != null) {
            for (Class<?> c : classes) {
                ServerEndpoint annotation = c.getAnnotation(ServerEndpoint.class);
                if (c != GatehouseEndpoint.class && annotation != null) {
                    paths.add(annotation.value());
                }
            }
        }
        return paths.isEmpty() ? List.of(GatehouseEndpoint.class.getAnnotation(ServerEndpoint.class).value()) : paths;
    }
}
