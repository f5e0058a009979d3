package dev.gatehouse.arquillian.embedded;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.core.spi.LoadableExtension;

/** Registers {@link EmbeddedGatehouseContainer} with Arquillian (found by {@link java.util.ServiceLoader}). */
public final class EmbeddedGatehouseExtension implements LoadableExtension {

    @Override
    public void register(ExtensionBuilder builder) {
        builder.service(DeployableContainer.class, EmbeddedGatehouseContainer.class);
    }
}
