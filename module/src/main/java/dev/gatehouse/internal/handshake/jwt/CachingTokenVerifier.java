package dev.gatehouse.internal.handshake.jwt;

import dev.gatehouse.VerifiedToken;
import dev.gatehouse.internal.handshake.KeyReadiness;
import dev.gatehouse.internal.handshake.NonBlockingVerifier;
import dev.gatehouse.internal.handshake.RevocationList;
import dev.gatehouse.internal.handshake.TokenDigest;
import dev.gatehouse.internal.metrics.GatehouseMetrics;
import dev.gatehouse.spi.TokenVerifier;
import dev.gatehouse.spi.Verification;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Remembers accepted verifications so the same still-valid token is checked against its signature
 * only once: a client that reconnects, or a handshake that is verified both in front of the
 * container and in the endpoint configurator. Only acceptances are kept, each until the token's
 * {@code exp} (or, for {@link JwtTokenVerifier} with {@code mp.jwt.verify.token.age}, until the
 * token gets too old if that is earlier), keyed by the SHA-256 digest of the token (never the token
 * itself). An entry also remembers the key it was verified with when the keys come from a remote
 * JWKS ({@link JwtTokenVerifier#verifyingKey}), and is reused only while the current key set still
 * picks that key: a key removed from the set (or replaced under its {@code kid}) stops its cached
 * tokens at their next lookup. A verification during which the set changed is not cached.
 *
 * <p>An acceptance comes back {@linkplain Verification.Accepted#tokenId named} with the token's
 * revocation id, made from the same digest (its {@code jti}, else the digest in hex), so that the
 * gate hashes the token no more and the connections of one cached token share its id.
 *
 * <p>Counts hits and misses, and times the delegate's verifications by {@code alg}, on the meters.
 *
 * <p>Thread-safe and lock-free. When full, an insertion evicts the oldest insertion (in O(1): a
 * fresh token at every handshake must not cost a scan of the cache); an expired entry also goes
 * when it is looked up. Every entry has one place in the insertion queue, whose length is bounded,
 * so the cache holds at most {@code maxEntries} once concurrent insertions have returned.
 */
public final class CachingTokenVerifier implements TokenVerifier, KeyReadiness, NonBlockingVerifier, AutoCloseable {
    private final TokenVerifier delegate;
    private final int maxEntries;
    private final Clock clock;
    private final GatehouseMetrics metrics;
    /** Accepted verifications by token digest. Readers may remove; only {@link #remember} adds. */
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** Every insertion, oldest first, and how many there are: what goes when the cache is full. */
    private final Queue<Map.Entry<String, Entry>> insertions = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();

    private CachingTokenVerifier(TokenVerifier delegate, int maxEntries, Clock clock, GatehouseMetrics metrics) {
        this.delegate = delegate;
        this.maxEntries = maxEntries;
        this.clock = clock;
        this.metrics = metrics;
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
        return maxEntries == 0 ? Objects.requireNonNull(delegate, "delegate")
                : wrap(delegate, maxEntries, clock, GatehouseMetrics.none());
    }

    /**
     * As {@link #wrap(TokenVerifier, int, Clock)}, recording on {@code metrics}; with
     * {@code maxEntries} 0 it caches nothing and only times the delegate.
     *
     * @param delegate the verifier that checks tokens not in the cache
     * @param maxEntries the bound, or 0 for no cache
     * @param clock the time against which a cached token's {@code exp} is checked
     * @param metrics where hits, misses and verification times go
     * @return the caching verifier
     * @throws IllegalArgumentException when {@code maxEntries} is negative
     */
    public static CachingTokenVerifier wrap(TokenVerifier delegate, int maxEntries, Clock clock,
            GatehouseMetrics metrics) {
        Objects.requireNonNull(delegate, "delegate");
        Objects.requireNonNull(clock, "clock");
        if (maxEntries < 0) {
            throw new IllegalArgumentException("maxEntries must not be negative");
        }
        return new CachingTokenVerifier(delegate, maxEntries, clock, Objects.requireNonNull(metrics, "metrics"));
    }

    @Override
    public Verification verify(String compactJwt) {
        if (maxEntries == 0) {
            return timed(compactJwt);
        }
        byte[] sha256 = TokenDigest.sha256(compactJwt);
        String key = new String(sha256, StandardCharsets.ISO_8859_1); // a compact key, never the token itself
        Instant now = clock.instant();
        Entry cached = entries.get(key);
        if (cached != null) {
            if (now.isBefore(cached.expiresAt()) && cached.key().equals(verifyingKey(compactJwt))) {
                metrics.tokenCache(true);
                return cached.verification();
            }
            entries.remove(key, cached);
        }
        metrics.tokenCache(false);
        Object before = verifyingKey(compactJwt);
        Verification outcome = timed(compactJwt);
        if (!(outcome instanceof Verification.Accepted accepted)) {
            return outcome;
        }
        Verification named = new Verification.Accepted(accepted.token(), accepted.attributes(),
                RevocationList.tokenId(accepted.token(), sha256));
        if (before != null && before.equals(verifyingKey(compactJwt))) {
            Instant until = acceptedUntil(accepted.token());
            if (now.isBefore(until)) {
                remember(key, new Entry(named, until, before));
            }
        }
        return named;
    }

    private Verification timed(String compactJwt) {
        if (!metrics.recording()) {
            return delegate.verify(compactJwt);
        }
        long start = System.nanoTime();
        try {
            return delegate.verify(compactJwt);
        } finally {
            metrics.tokenVerified(compactJwt == null ? null : HeaderAlg.peek(compactJwt), System.nanoTime() - start);
        }
    }

    /** The key a verification depends on; an application's verifier's never changes. */
    private Object verifyingKey(String compactJwt) {
        return delegate instanceof JwtTokenVerifier jwt ? jwt.verifyingKey(compactJwt) : JwtTokenVerifier.FIXED;
    }

    private Instant acceptedUntil(VerifiedToken token) {
        return delegate instanceof JwtTokenVerifier jwt ? jwt.acceptedUntil(token) : token.expiresAt();
    }

    /** {@return whether the delegate's keys may be missing} */
    @Override
    public boolean reported() {
        return delegate instanceof KeyReadiness keys && keys.reported();
    }

    /** {@return why the delegate cannot verify tokens yet, or empty} */
    @Override
    public Optional<String> missing() {
        return delegate instanceof KeyReadiness keys ? keys.missing() : Optional.empty();
    }

    /** How many verifications are cached now. */
    int size() {
        return entries.size();
    }

    private void remember(String key, Entry entry) {
        entries.put(key, entry);
        insertions.add(Map.entry(key, entry));
        if (queued.incrementAndGet() > maxEntries) {
            Map.Entry<String, Entry> oldest = insertions.poll();
            queued.decrementAndGet();
            if (oldest != null) {
                entries.remove(oldest.getKey(), oldest.getValue()); // not a newer entry for the same token
            }
        }
    }

    private record Entry(Verification verification, Instant expiresAt, Object key) {
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
