package dev.gatehouse.internal.handshake.jwt;

import dev.gatehouse.TokenVerifier;
import dev.gatehouse.Verification;
import dev.gatehouse.VerifiedToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers accepted verifications so the same still-valid token is checked against its signature
 * only once: a client that reconnects, or a handshake that is verified both in front of the
 * container and in the endpoint configurator. Only acceptances are kept, each until the token's
 * {@code exp} (or, for {@link JwtTokenVerifier} with {@code mp.jwt.verify.token.age}, until the
 * token gets too old if that is earlier), keyed by the SHA-256 digest of the token (never the token
 * itself).
 *
 * <p>Thread-safe. Lookups take no lock; insertions are serialized so the bound always holds. When
 * full, expired entries go first, then arbitrary ones, a tenth of the bound at a time.
 */
public final class CachingTokenVerifier implements TokenVerifier, AutoCloseable {
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    });

    private final TokenVerifier delegate;
    private final int maxEntries;
    private final Clock clock;
    /** Accepted verifications by token digest. Readers may remove; only {@link #remember} adds. */
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    private CachingTokenVerifier(TokenVerifier delegate, int maxEntries, Clock clock) {
        this.delegate = delegate;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /**
     * Wraps a verifier in a cache of at most {@code maxEntries} accepted tokens.
     *
     * @param delegate the verifier that checks tokens not in the cache
     * @param maxEntries the bound; 0 returns {@code delegate} itself
     * @param clock the time against which a cached token's {@code exp} is checked
     * @return the caching verifier, or {@code delegate} when {@code maxEntries} is 0
     * @throws IllegalArgumentException when {@code maxEntries} is negative
     */
    public static TokenVerifier wrap(TokenVerifier delegate, int maxEntries, Clock clock) {
        Objects.requireNonNull(delegate, "delegate");
        Objects.requireNonNull(clock, "clock");
        if (maxEntries < 0) {
            throw new IllegalArgumentException("maxEntries must not be negative");
        }
        return maxEntries == 0 ? delegate : new CachingTokenVerifier(delegate, maxEntries, clock);
    }

    @Override
    public Verification verify(String compactJwt) {
        String key = digest(compactJwt);
        Instant now = clock.instant();
        Entry cached = entries.get(key);
        if (cached != null) {
            if (now.isBefore(cached.expiresAt())) {
                return cached.verification();
            }
            entries.remove(key, cached);
        }
        Verification outcome = delegate.verify(compactJwt);
        if (outcome instanceof Verification.Accepted accepted) {
            Instant until = acceptedUntil(accepted.token());
            if (now.isBefore(until)) {
                remember(key, new Entry(outcome, until));
            }
        }
        return outcome;
    }

    private Instant acceptedUntil(VerifiedToken token) {
        return delegate instanceof JwtTokenVerifier jwt ? jwt.acceptedUntil(token) : token.expiresAt();
    }

    /** How many verifications are cached now. */
    int size() {
        return entries.size();
    }

    private synchronized void remember(String key, Entry entry) {
        if (entries.size() >= maxEntries && !entries.containsKey(key)) {
            makeRoom();
        }
        entries.put(key, entry);
    }

    private void makeRoom() {
        Instant now = clock.instant();
        entries.values().removeIf(entry -> !now.isBefore(entry.expiresAt()));
        if (entries.size() < maxEntries) {
            return;
        }
        int target = maxEntries - Math.max(1, maxEntries / 10);
        Iterator<String> keys = entries.keySet().iterator();
        while (entries.size() > target && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }

    /** The SHA-256 of the token as a 32-char Latin-1 string: a compact key, never the token itself. */
    private static String digest(String token) {
        byte[] hash = SHA256.get().digest(token.getBytes(StandardCharsets.UTF_8));
        return new String(hash, StandardCharsets.ISO_8859_1);
    }

    private record Entry(Verification verification, Instant expiresAt) {
    }

    /** Closes the delegate when it holds resources (a remote JWKS refresh thread); a failure is logged. */
    @Override
    public void close() {
        if (delegate instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                System.getLogger("dev.gatehouse.handshake").log(System.Logger.Level.WARNING, "Closing the token verifier failed", e);
            }
        }
    }
}
