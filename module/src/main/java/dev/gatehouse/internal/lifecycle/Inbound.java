package dev.gatehouse.internal.lifecycle;

/** Where a READY connection's text frames go (the routing stage). Must not block. */
@FunctionalInterface
public interface Inbound {

    /**
     * Handles one frame of a READY connection; never throws.
     *
     * @param connection the connection it came from
     * @param text the frame
     */
    void dispatch(ManagedConnection connection, String text);
}
