package dev.gatehouse.client;

/**
 * A frame sent while the client is not ready found the held frames at their bound
 * ({@link GatehouseClient.Builder#maxHeldFrames(int)}); it was not sent and not kept.
 */
public final class HeldFramesFullException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param bound the bound of the held frames
     */
    public HeldFramesFullException(int bound) {
        super("Not ready and " + bound + " frames are already held (GatehouseClient.Builder.maxHeldFrames)");
    }
}
