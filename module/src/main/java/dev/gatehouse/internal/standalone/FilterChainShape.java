package dev.gatehouse.internal.standalone;

import java.util.List;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.http.HttpServerFilter;

/**
 * The place of Gatehouse's filters in the started server's Grizzly filter chain, checked once at
 * start. {@link DetachedReads} skips the filter behind it ({@code setFilterIdx}), which must be
 * Grizzly's HTTP codec; {@link HandshakeFilter} must see every upgrade request before Tyrus' filter
 * does, and after the codec parsed it. Only the order in which the add-ons insert them, on the pinned
 * Grizzly version, guarantees either: a chain of another shape would leave connections quietly
 * heavy, or skip a filter, or let Tyrus upgrade unchecked, so the server refuses to run on it.
 */
final class FilterChainShape {
    /** Tyrus' filter: package-private in Tyrus, so known by name. */
    static final String TYRUS_FILTER = "org.glassfish.tyrus.container.grizzly.server.GrizzlyServerFilter";

    private FilterChainShape() {
    }

    /**
     * Checks the chain's filters, in order.
     *
     * @param filters the classes of the chain's filters
     * @throws IllegalStateException naming the filter out of place and the chain as it is
     */
    static void check(List<? extends Class<?>> filters) {
        int codec = only(filters, HttpServerFilter.class.getName(), "Grizzly's HTTP codec (HttpServerFilter)");
        int detached = only(filters, DetachedReads.class.getName(), "DetachedReads");
        int handshake = only(filters, HandshakeFilter.class.getName(), "HandshakeFilter");
        int tyrus = only(filters, TYRUS_FILTER, "Tyrus' GrizzlyServerFilter");
        if (detached != codec - 1) {
            throw outOfPlace("DetachedReads must stand directly in front of Grizzly's HTTP codec", filters);
        }
        if (handshake != tyrus - 1 || handshake < codec) {
            throw outOfPlace("HandshakeFilter must stand behind Grizzly's HTTP codec and directly in front of"
                    + " Tyrus' GrizzlyServerFilter", filters);
        }
    }

    /** The index of the one filter of this class; throws when there is none or more than one. */
    private static int only(List<? extends Class<?>> filters, String className, String what) {
        int found = -1;
        for (int i = 0; i < filters.size(); i++) {
            if (filters.get(i).getName().equals(className)) {
                if (found >= 0) {
                    throw outOfPlace("the chain holds " + what + " twice", filters);
                }
                found = i;
            }
        }
        if (found < 0) {
            throw outOfPlace("the chain holds no " + what, filters);
        }
        return found;
    }

    private static IllegalStateException outOfPlace(String problem, List<? extends Class<?>> filters) {
        return new IllegalStateException("Grizzly's filter chain is not as the standalone server needs it: " + problem
                + "; the chain: " + filters.stream().map(Class::getName).toList() + " (Grizzly "
                + Grizzly.getDotedVersion() + "; Gatehouse pins the version it was built and tested with)");
    }
}
