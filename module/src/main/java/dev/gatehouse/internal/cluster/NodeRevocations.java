package dev.gatehouse.internal.cluster;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.Revocations;
import dev.gatehouse.Verification;
import dev.gatehouse.internal.handshake.RevocationList;
import dev.gatehouse.internal.lifecycle.ConnectionRegistry;
import dev.gatehouse.internal.lifecycle.ManagedConnection;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;

/**
 * The {@link Revocations} of a node: each revocation goes into the list the handshake gate checks,
 * then closes this node's open connections whose token it revokes, with {@code TOKEN_REVOKED}
 * (1008), whatever their state (one still in its readiness checks too). Thread-safe; holds no lock (the list's and the registry's own rules apply).
 */
public final class NodeRevocations implements Revocations {
    private final RevocationList list;
    private final ConnectionRegistry registry;

    /**
     * This node's revocations.
     *
     * @param list the list the gate checks
     * @param registry this node's connections
     */
    public NodeRevocations(RevocationList list, ConnectionRegistry registry) {
        this.list = list;
        this.registry = registry;
    }

    @Override
    public int revokeToken(String tokenId, Instant expiresAt) {
        requireText(tokenId, "tokenId");
        return list.revokeToken(tokenId, Objects.requireNonNull(expiresAt, "expiresAt")) ? closeRevoked(registry.live()) : 0;
    }

    @Override
    public int revokeIssuedBefore(String userId, Instant cutoff) {
        requireText(userId, "userId");
        return list.revokeIssuedBefore(userId, Objects.requireNonNull(cutoff, "cutoff"))
                ? closeRevoked(registry.liveOf(userId)) : 0;
    }

    @Override
    public int revokeUser(String userId, Instant until) {
        requireText(userId, "userId");
        return list.revokeUser(userId, Objects.requireNonNull(until, "until")) ? closeRevoked(registry.liveOf(userId)) : 0;
    }

    /** Closes those of the connections whose token the list now revokes; {@return how many} */
    private int closeRevoked(Collection<ManagedConnection> connections) {
        int closed = 0;
        for (ManagedConnection connection : connections) {
            if (list.check(connection.token(), null).orElse(null) instanceof Verification.Rejected rejected) {
                connection.closeWithError(ErrorCode.TOKEN_REVOKED, rejected.message());
                closed++;
            }
        }
        return closed;
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
