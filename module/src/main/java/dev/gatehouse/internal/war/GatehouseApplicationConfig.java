package dev.gatehouse.internal.war;

import dev.gatehouse.GatehouseEndpoint;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps the default {@link GatehouseEndpoint} out of a WAR that declares its own subclass at
 * another path, so Gatehouse is never deployed twice. An application with its own
 * {@link ServerApplicationConfig} must leave {@link GatehouseEndpoint} out the same way.
 */
public final class GatehouseApplicationConfig implements ServerApplicationConfig {

    @Override
    public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> endpointClasses) {
        return Set.of();
    }

    @Override
    public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
        boolean hasSubclass = scanned.stream()
                .anyMatch(c -> c != GatehouseEndpoint.class && GatehouseEndpoint.class.isAssignableFrom(c));
        return hasSubclass
                ? scanned.stream().filter(c -> c != GatehouseEndpoint.class).collect(Collectors.toSet())
                : scanned;
    }
}
