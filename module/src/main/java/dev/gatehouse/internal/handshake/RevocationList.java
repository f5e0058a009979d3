package dev.gatehouse.internal.handshake;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.VerifiedToken;
import dev.gatehouse.internal.metrics.GatehouseMetrics;
import dev.gatehouse.spi.Verification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's revocations (README "Revoking access"): tokens by id ({@code jti}, or the SHA-256 of
 * a token without one), users' tokens issued before a cut-off ({@code iat}), and users refused
 * outright until an instant. Each entry lives only as long as it can matter: a token's until its
 * {@code exp}, a cut-off for {@code gatehouse.revocation.max-age} after it (no token issued before
 * it is still valid by then, for an issuer whose tokens live at most that long), a user's until the
 * instant given. Expired entries go when they are looked up and at {@link #sweep}.
 *
 * <p>Bounded by {@code gatehouse.revocation.max-entries}: a revocation that would pass the bound,
 * once the expired entries are gone, is refused with {@link IllegalStateException} and counted
 * ({@code gatehouse.revocations.refused}): dropping an older one instead would silently re-admit its tokens.
 *
 * <p>Thread-safe and lock-free (concurrent maps, updated per key); the bound may be passed by as
 * many entries as revocations race for the last place.
 */
public final class RevocationList {
    /** The refusal of a revoked token, at the upgrade and at {@code auth_refresh}. */
    public static final Verification REVOKED_TOKEN = Verification.rejected(ErrorCode.TOKEN_REVOKED,
            "The token was revoked");
    /** The refusal of a token of a user whose access is revoked. */
    public static final Verification REVOKED_USER = Verification.rejected(ErrorCode.TOKEN_REVOKED,
            "Access for this user is revoked");

    private final Clock clock;
    private final Duration maxAge;
    private final int maxEntries;
    /** Revoked token ids, each until its token's {@code exp}. */
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    /** Per user, the latest cut-off and ban. */
    private final Map<String, UserEntry> users = new ConcurrentHashMap<>();
    private final GatehouseMetrics metrics;
    /** Whether the revocations the backplane keeps are still to be read: handshakes are refused meanwhile. */
    private volatile boolean unread;

    /**
     * The revocations of a cut-off and a user: tokens issued before {@code issuedBefore} (or null)
     * are refused until {@code cutoffUntil}; every token until {@code bannedUntil} (or null).
     */
    private record UserEntry(Instant issuedBefore, Instant cutoffUntil, Instant bannedUntil) {
        UserEntry live(Instant now) {
            boolean cutoff = issuedBefore != null && now.isBefore(cutoffUntil);
            boolean banned = bannedUntil != null && now.isBefore(bannedUntil);
            return cutoff || banned ? new UserEntry(cutoff ? issuedBefore : null, cutoff ? cutoffUntil : null,
                    banned ? bannedUntil : null) : null;
        }

        UserEntry with(UserEntry other) {
            return new UserEntry(later(issuedBefore, other.issuedBefore), later(cutoffUntil, other.cutoffUntil),
                    later(bannedUntil, other.bannedUntil));
        }

        private static Instant later(Instant a, Instant b) {
            return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
        }
    }

    /**
     * An empty list.
     *
     * @param clock the time entries expire against
     * @param maxAge how long a user's cut-off is kept ({@code gatehouse.revocation.max-age})
     * @param maxEntries the most entries ({@code gatehouse.revocation.max-entries})
     * @param metrics where the size and the refusals go
     */
    public RevocationList(Clock clock, Duration maxAge, int maxEntries, GatehouseMetrics metrics) {
        this.clock = clock;
        this.maxAge = maxAge;
        this.maxEntries = maxEntries;
        this.metrics = metrics;
        metrics.revocations(this::size);
    }

    /** {@return an empty list with the bounds of the configuration, recording on {@code metrics}} */
    public static RevocationList of(GatehouseConfig config, Clock clock, GatehouseMetrics metrics) {
        return new RevocationList(clock, config.revocationMaxAge(), config.revocationMaxEntries(), metrics);
    }

    /** {@return the token's revocation id: its {@code jti}, or else the lowercase hex SHA-256 of the compact token} */
    public static String tokenId(VerifiedToken token, String compactJwt) {
        String jti = jti(token);
        return jti != null ? jti : hash(compactJwt);
    }

    /** {@return the token's revocation id, from the SHA-256 of the compact token already at hand} */
    public static String tokenId(VerifiedToken token, byte[] sha256) {
        String jti = jti(token);
        return jti != null ? jti : HexFormat.of().formatHex(sha256);
    }

    private static String jti(VerifiedToken token) {
        return token.claims().get("jti") instanceof String jti ? jti : null;
    }

    /** {@return the lowercase hex SHA-256 of the compact token's UTF-8 bytes} */
    public static String hash(String compactJwt) {
        return HexFormat.of().formatHex(TokenDigest.sha256(compactJwt));
    }

    /**
     * Revokes a token until its expiry; nothing when it has passed.
     *
     * @param tokenId the token's {@code jti}, or its {@link #hash} when it has none
     * @param expiresAt the token's {@code exp}
     * @return whether an entry is kept for it
     * @throws IllegalStateException when the list is full
     */
    public boolean revokeToken(String tokenId, Instant expiresAt) {
        Instant now = clock.instant();
        if (!now.isBefore(expiresAt)) {
            return false;
        }
        if (!tokens.containsKey(tokenId)) {
            makeRoom();
        }
        tokens.merge(tokenId, expiresAt, (a, b) -> a.isAfter(b) ? a : b);
        return true;
    }

    /**
     * Revokes the user's tokens issued before {@code cutoff}, for {@code gatehouse.revocation.max-age}
     * after it; nothing when that has passed.
     *
     * @return whether an entry is kept for it
     * @throws IllegalStateException when the list is full
     */
    public boolean revokeIssuedBefore(String userId, Instant cutoff) {
        return revokeUser(userId, new UserEntry(cutoff, cutoff.plus(maxAge), null));
    }

    /**
     * Revokes every token of the user until {@code until}; nothing when it has passed.
     *
     * @return whether an entry is kept for it
     * @throws IllegalStateException when the list is full
     */
    public boolean revokeUser(String userId, Instant until) {
        return revokeUser(userId, new UserEntry(null, null, until));
    }

    private boolean revokeUser(String userId, UserEntry entry) {
        Instant now = clock.instant();
        if (entry.live(now) == null) {
            return false;
        }
        if (!users.containsKey(userId)) {
            makeRoom();
        }
        users.merge(userId, entry, UserEntry::with);
        return true;
    }

    /**
     * Checks a verified token.
     *
     * @param token the token
     * @param tokenId its revocation id ({@link #tokenId}: the {@code jti}, or the hash of a token
     *     without one), as the gate named it and a connection keeps it; null for a token never named,
     *     and then only a {@code jti} is looked up
     * @return the refusal, or empty when nothing revokes it
     */
    public Optional<Verification> check(VerifiedToken token, String tokenId) {
        if (tokens.isEmpty() && users.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        UserEntry user = users.get(token.subject());
        if (user != null) {
            UserEntry live = user.live(now);
            if (live == null) {
                users.remove(token.subject(), user);
            } else if (live.bannedUntil() != null) {
                return Optional.of(REVOKED_USER);
            } else if (!issuedAtOrAfter(token, live.issuedBefore())) {
                return Optional.of(REVOKED_TOKEN);
            }
        }
        String id = tokenId != null ? tokenId : jti(token);
        Instant until = id == null ? null : tokens.get(id);
        if (until != null) {
            if (now.isBefore(until)) {
                return Optional.of(REVOKED_TOKEN);
            }
            tokens.remove(id, until);
        }
        return Optional.empty();
    }

    /** A token without {@code iat} cannot show it was issued after the cut-off. */
    private static boolean issuedAtOrAfter(VerifiedToken token, Instant cutoff) {
        return token.claims().get("iat") instanceof Long seconds && !Instant.ofEpochSecond(seconds).isBefore(cutoff);
    }

    /** Marks the revocations the backplane keeps as still to be read, or no longer waited for. */
    public void unread(boolean stillToRead) {
        this.unread = stillToRead;
    }

    /** {@return whether the revocations the backplane keeps are still to be read: the gate refuses handshakes meanwhile} */
    public boolean unread() {
        return unread;
    }

    /** Drops the expired entries. */
    public void sweep() {
        Instant now = clock.instant();
        tokens.entrySet().removeIf(e -> !now.isBefore(e.getValue()));
        users.entrySet().removeIf(e -> e.getValue().live(now) == null);
    }

    private void makeRoom() {
        if (size() < maxEntries) {
            return;
        }
        sweep();
        if (size() >= maxEntries) {
            metrics.revocationRefused();
            throw new IllegalStateException("The revocation list holds its maximum of " + maxEntries
                    + " entries (gatehouse.revocation.max-entries); the revocation is refused");
        }
    }

    /** {@return how long a user's cut-off is kept ({@code gatehouse.revocation.max-age})} */
    public Duration maxAge() {
        return maxAge;
    }

    /** {@return how many entries are held} */
    public int size() {
        return tokens.size() + users.size();
    }
}
