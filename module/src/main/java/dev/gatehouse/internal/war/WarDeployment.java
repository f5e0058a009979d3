package dev.gatehouse.internal.war;

import dev.gatehouse.internal.GatehouseRuntime;

/**
 * The Gatehouse this web application deployed, for the endpoints the container creates. One per
 * web application: each loads its own copy of the Gatehouse jar from {@code WEB-INF/lib}.
 */
public final class WarDeployment {
    private static volatile GatehouseRuntime deployed;

    private WarDeployment() {
    }

    static void deploy(GatehouseRuntime runtime) {
        deployed = runtime;
    }

    /**
     * The deployed runtime.
     *
     * @throws IllegalStateException when the application has not (or no longer) deployed Gatehouse
     */
    public static GatehouseRuntime runtime() {
        GatehouseRuntime r = deployed;
        if (r == null) {
            throw new IllegalStateException("Gatehouse is not deployed in this application");
        }
        return r;
    }
}
