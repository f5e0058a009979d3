package dev.gatehouse.internal.lifecycle;

import dev.gatehouse.ConfigurationException;
import java.util.concurrent.ThreadFactory;

/**
 * Virtual threads, on a JDK that has them (21 or later), for a library that still runs on 17:
 * {@code Thread.ofVirtual()} is reached through its public interfaces by reflection.
 */
public final class VirtualThreads {
    /** The setting that asks for them. */
    public static final String PROPERTY = "gatehouse.handler.virtual-threads";

    private VirtualThreads() {
    }

    /**
     * A factory of virtual threads named {@code prefix-1}, {@code prefix-2}, ….
     *
     * @throws ConfigurationException naming {@value #PROPERTY} on a JDK without virtual threads
     */
    public static ThreadFactory named(String prefix) {
        try {
            Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            builder = ofVirtual.getMethod("name", String.class, long.class).invoke(builder, prefix + "-", 1L);
            return (ThreadFactory) ofVirtual.getMethod("factory").invoke(builder);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new ConfigurationException(PROPERTY, "needs a JDK with virtual threads (21 or later); this one is "
                    + Runtime.version().feature());
        }
    }
}
