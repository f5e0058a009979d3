package dev.gatehouse.internal.cluster;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.Revocations;
import dev.gatehouse.Verification;
import dev.gatehouse.internal.cluster.ClusterMessage.Kind;
import dev.gatehouse.internal.handshake.RevocationList;
import dev.gatehouse.internal.lifecycle.ConnectionRegistry;
import dev.gatehouse.internal.lifecycle.ManagedConnection;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;

/**
 * The {@link Revocations} of a node: each revocation goes into the list the handshake gate checks,
 * closes this node's open connections whose token it revokes with {@code TOKEN_REVOKED} (1008),
 * whatever their state (one still in its readiness checks too), and is published to the other
 * nodes ({@link Kind#REVOKE} on the {@code all} topic), which do the same with theirs. A revocation
 * from another node that this node's full list cannot take is logged and counted there
 * ({@code gatehouse.revocations.refused}). Thread-safe; holds no lock (the list's and the
 * registry's own rules apply).
 */
public final class NodeRevocations implements Revocations {
    private static final Logger LOG = System.getLogger("dev.gatehouse.handshake");
    private final RevocationList list;
    private final ConnectionRegistry registry;
    private final ClusterLink link;

    /** What a revocation message revokes, by the first letter of its body. */
    private enum What {
        TOKEN('T'), ISSUED_BEFORE('I'), USER('U');

        private final char letter;

        What(char letter) {
            this.letter = letter;
        }

        static What of(char letter) {
            for (What w : values()) {
                if (w.letter == letter) {
                    return w;
                }
            }
            throw new IllegalArgumentException("unknown revocation " + letter);
        }
    }

    /**
     * This node's revocations, which also receives those of the other nodes.
     *
     * @param list the list the gate checks
     * @param registry this node's connections
     * @param connections this node's view of the cluster, whose link carries revocations
     */
    public NodeRevocations(RevocationList list, ConnectionRegistry registry, ClusterConnections connections) {
        this.list = list;
        this.registry = registry;
        this.link = connections.link();
        connections.revocations(this::received);
    }

    @Override
    public int revokeToken(String tokenId, Instant expiresAt) {
        return revoke(What.TOKEN, requireText(tokenId, "tokenId"), Objects.requireNonNull(expiresAt, "expiresAt"), true);
    }

    @Override
    public int revokeIssuedBefore(String userId, Instant cutoff) {
        return revoke(What.ISSUED_BEFORE, requireText(userId, "userId"), Objects.requireNonNull(cutoff, "cutoff"), true);
    }

    @Override
    public int revokeUser(String userId, Instant until) {
        return revoke(What.USER, requireText(userId, "userId"), Objects.requireNonNull(until, "until"), true);
    }

    /** A revocation another node made, on the delivery thread. */
    private void received(ClusterMessage m) {
        String body = m.body();
        try {
            revoke(What.of(body.charAt(0)), m.target(), Instant.parse(body.substring(2)), false);
        } catch (IllegalStateException full) {
            LOG.log(Level.WARNING, "A revocation from node {0} is not kept here: {1}", m.origin(), full.getMessage());
        }
    }

    /** Keeps, applies here and, when made here, publishes a revocation; {@return how many connections here close} */
    private int revoke(What what, String target, Instant instant, boolean publish) {
        boolean kept = switch (what) {
            case TOKEN -> list.revokeToken(target, instant);
            case ISSUED_BEFORE -> list.revokeIssuedBefore(target, instant);
            case USER -> list.revokeUser(target, instant);
        };
        if (!kept) {
            return 0;
        }
        if (publish) {
            link.publish(Kind.REVOKE, target, null, what.letter + " " + instant);
        }
        return closeRevoked(what == What.TOKEN ? registry.live() : registry.liveOf(target));
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

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
