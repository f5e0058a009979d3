package dev.gatehouse.internal;

import dev.gatehouse.Gatehouse;
import dev.gatehouse.internal.lifecycle.GatehouseRuntime;

/**
 * Lets internal packages reach what {@link Gatehouse} keeps package-private, without making it API.
 * {@link Gatehouse} installs the instance when its class initializes.
 */
public abstract class Internal {
    /** Set by {@link Gatehouse}'s static initializer. */
    public static volatile Internal instance;

    /** The runtime of a Gatehouse instance. */
    public abstract GatehouseRuntime runtime(Gatehouse gatehouse);

    /** The runtime of the Gatehouse this web application deployed; throws when there is none. */
    public abstract GatehouseRuntime deployedRuntime();

    /** Initializes {@link Gatehouse}, which installs {@link #instance}. */
    public static Internal get() {
        if (instance == null) {
            try {
                Class.forName(Gatehouse.class.getName(), true, Gatehouse.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }
}
