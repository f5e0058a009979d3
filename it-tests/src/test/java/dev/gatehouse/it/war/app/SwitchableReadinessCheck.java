package dev.gatehouse.it.war.app;

import dev.gatehouse.spi.ReadinessCheck;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A dependency the test turns off and on through {@link ReadinessSwitch} (the test runs in another
 * JVM than the server).
 */
@ApplicationScoped
public class SwitchableReadinessCheck implements ReadinessCheck {
    /** The check's name in the health answer. */
    public static final String NAME = "test-dependency";

    private static volatile boolean ready = true;

    static void set(boolean value) {
        ready = value;
    }

    @Override
    public boolean isReady() {
        return ready;
    }

    @Override
    public String name() {
        return NAME;
    }
}
