package dev.gatehouse.it.war.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The application's Micrometer registry, as a CDI bean: Gatehouse finds it and records its meters there. */
@ApplicationScoped
public class MeterRegistryProducer {
    private final MeterRegistry registry = new SimpleMeterRegistry();

    /** {@return the one registry; dependent scope, since a MeterRegistry cannot be proxied (final methods)} */
    @Produces
    public MeterRegistry registry() {
        return registry;
    }
}
