package dev.gatehouse.internal.cluster;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.Revocations;
import dev.gatehouse.VerifiedToken;
import dev.gatehouse.internal.cluster.ClusterMessage.Kind;
import dev.gatehouse.internal.handshake.RevocationList;
import dev.gatehouse.internal.lifecycle.ConnectionRegistry;
import dev.gatehouse.internal.lifecycle.ManagedConnection;
import dev.gatehouse.spi.RevocationStore;
import dev.gatehouse.spi.Verification;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link Revocations} of a node: each revocation goes into the list the handshake gate checks,
 * closes this node's open connections whose token it revokes with {@code TOKEN_REVOKED} (1008),
 * whatever their state (one still in its readiness checks too; a token by the id each connection
 * keeps, its {@code jti} or the hash of a token without one), and is published to the other
 * nodes ({@link Kind#REVOKE} on the {@code all} topic), which do the same with theirs; where the
 * backplane has a {@link RevocationStore}, it is also kept there until it expires. A node reads
 * the store when it starts, in the background (until that read succeeds, for at most
 * {@code gatehouse.ready.timeout}, the gate refuses handshakes), and again each time its backplane
 * reaches the broker again (a node cut off misses the messages published meanwhile): one read at a
 * time, a failed one read again at the next reconnect; the list merges what it already holds, and
 * the connections a read revokes are closed in one pass. A revocation from another node or the
 * store that this node's full list cannot take is logged and counted
 * ({@code gatehouse.revocations.refused}). Thread-safe; holds no lock (the list's and the
 * registry's own rules apply).
 */
public final class NodeRevocations implements Revocations {
    private static final Logger LOG = System.getLogger("dev.gatehouse.handshake");
    /** Between two reads of a store that failed at startup. */
    private static final long RETRY_MILLIS = 100;
    private final RevocationList list;
    private final ConnectionRegistry registry;
    private final ClusterLink link;
    /** Null when the backplane keeps no revocations. */
    private final RevocationStore store;
    /** 0: no read of the store under way; 1: one; 2: one, and another asked for since it started. */
    private final AtomicInteger reads = new AtomicInteger();
    /** Whether a read of the store succeeded (the list is unread until then, or until start's bound). */
    private volatile boolean readOnce;
    /** {@link System#nanoTime()} until which a failed read before the first success is tried again. */
    private volatile long retryUntil;

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
        this.store = link.revocationStore();
        connections.revocations(this::received);
        if (store != null) {
            list.unread(true);
            link.resumed(this::reread);
        }
    }

    /**
     * Reads the revocations the backplane's store keeps, in the background, trying again every
     * {@value #RETRY_MILLIS} ms (the backplane may not have reached its broker yet) until
     * {@code within} has passed, then at each reconnect. Until the first read succeeds the list is
     * {@linkplain RevocationList#unread() unread} (handshakes refused); once {@code within} passed
     * without it, it is not waited for any more, with one WARNING. Returns at once.
     *
     * @param within how long handshakes wait for the first read
     */
    public void start(Duration within) {
        if (store == null) {
            return;
        }
        retryUntil = System.nanoTime() + within.toNanos();
        CompletableFuture.delayedExecutor(within.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (!readOnce) {
                list.unread(false);
                LOG.log(Level.WARNING, "Revocations kept by the backplane could not be read within gatehouse.ready.timeout"
                        + " ({0,number,#} ms): revocations made before this node started are not known yet; it admits"
                        + " handshakes and reads them when its backplane connects", within.toMillis());
            }
        });
        reread();
    }

    /** {@return whether the backplane keeps revocations, so that readiness waits for their first read} */
    public boolean kept() {
        return store != null;
    }

    /**
     * Reads the store again (at start, and each time the backplane reaches its broker again: the
     * revocations made meanwhile were published while this node could not hear them). One read at a
     * time: asked for during one, it runs once more after it.
     */
    private void reread() {
        if (reads.getAndUpdate(n -> Math.min(n + 1, 2)) == 0) {
            read();
        }
    }

    private void read() {
        CompletionStage<Collection<String>> all;
        try {
            all = store.all();
        } catch (RuntimeException e) {
            all = CompletableFuture.failedFuture(e);
        }
        all.whenComplete((lines, failure) -> {
            if (failure == null) {
                apply(lines);
                readOnce = true;
                list.unread(false);
            } else if (!readOnce && System.nanoTime() < retryUntil) {
                CompletableFuture.delayedExecutor(RETRY_MILLIS, TimeUnit.MILLISECONDS).execute(this::read);
                return;
            } else if (readOnce) { // before, start's WARNING says so
                LOG.log(Level.WARNING, "Revocations kept by the backplane could not be read again (read at its next"
                        + " reconnect): {0}", String.valueOf(failure));
            }
            if (reads.decrementAndGet() > 0) { // asked for again meanwhile
                read();
            }
        });
    }

    /** Keeps the store's revocations, then closes the connections they revoke, in one pass. */
    private void apply(Collection<String> lines) {
        boolean kept = false;
        for (String line : lines) {
            kept |= stored(line);
        }
        if (kept) {
            closeRevoked(registry.live());
        }
    }

    /** A line of the store: {@code <what> <instant> <target>}; {@return whether the list keeps it} */
    private boolean stored(String line) {
        try {
            int space = line.indexOf(' ', 2);
            return keep(What.of(line.charAt(0)), line.substring(space + 1), Instant.parse(line.substring(2, space)));
        } catch (IllegalStateException full) {
            LOG.log(Level.WARNING, "A revocation kept by the backplane is not kept here: {0}", full.getMessage());
        } catch (RuntimeException malformed) {
            LOG.log(Level.WARNING, "A revocation kept by the backplane is not one: {0}", malformed.getClass().getName());
        }
        return false;
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
        if (!keep(what, target, instant)) {
            return 0;
        }
        if (publish) {
            String body = what.letter + " " + instant;
            link.publish(Kind.REVOKE, target, null, body);
            if (store != null) {
                store.add(body + " " + target, what == What.ISSUED_BEFORE ? instant.plus(list.maxAge()) : instant)
                        .whenComplete((ok, failure) -> {
                            if (failure != null) {
                                LOG.log(Level.WARNING, "A revocation was not kept by the backplane (nodes starting"
                                        + " later will not learn it): {0}", String.valueOf(failure));
                            }
                        });
            }
        }
        return closeRevoked(what == What.TOKEN ? registry.live() : registry.liveOf(target));
    }

    /** Puts a revocation in the list; {@return whether it keeps it (false: it has expired)} */
    private boolean keep(What what, String target, Instant instant) {
        return switch (what) {
            case TOKEN -> list.revokeToken(target, instant);
            case ISSUED_BEFORE -> list.revokeIssuedBefore(target, instant);
            case USER -> list.revokeUser(target, instant);
        };
    }

    /** Closes those of the connections whose token the list now revokes; {@return how many} */
    private int closeRevoked(Collection<ManagedConnection> connections) {
        int closed = 0;
        for (ManagedConnection connection : connections) {
            VerifiedToken token = connection.token(); // before its id: a refresh writes the id first
            if (list.check(token, connection.tokenId()).orElse(null) instanceof Verification.Rejected rejected) {
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
