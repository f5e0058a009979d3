package dev.gatehouse.internal.handshake;

/**
 * Marks a {@link dev.gatehouse.spi.TokenVerifier} that answers on the caller's thread without waiting on
 * anything but the CPU (Gatehouse's own: jjwt against keys in memory, and for an unknown {@code kid}
 * at most a bounded wait for the key set's refetch). The handshake calls such a verifier on its
 * own thread; any other, an application's, runs on Gatehouse's verifier threads under
 * {@code gatehouse.auth.timeout}.
 */
public interface NonBlockingVerifier {
}
