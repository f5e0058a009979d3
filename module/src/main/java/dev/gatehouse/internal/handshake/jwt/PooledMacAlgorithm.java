package dev.gatehouse.internal.handshake.jwt;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.MacAlgorithm;
import io.jsonwebtoken.security.SecureDigestAlgorithm;
import io.jsonwebtoken.security.SecureRequest;
import io.jsonwebtoken.security.SignatureException;
import io.jsonwebtoken.security.VerifySecureDigestRequest;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * jjwt's HS256, HS384 or HS512 verification without a {@code Mac.getInstance} and {@code init} per
 * token: registered in the parser under jjwt's own id, it keeps JCA {@link Mac} objects already
 * initialised with the key and computes the HMAC with one of them ({@code doFinal} resets it), then
 * compares in constant time with {@link MessageDigest#isEqual}. Nothing here is cryptography: the
 * JDK computes, jjwt decides which keys may verify.
 *
 * <p>jjwt stays the judge of keys: a key is only used with a kept Mac after jjwt's own algorithm
 * has verified a token with that very key object (checking its type and length, as it does for
 * every token otherwise); until then, and for a request naming a provider, the whole verification
 * is jjwt's. Keys are compared by identity, so a Mac never serves another key, even an equal one.
 *
 * <p>Bounded: at most {@link #SLOTS} Macs are kept, in slots any thread may take one from (no
 * thread-locals, so virtual threads reuse them as well as platform threads). When every slot is
 * taken, a verification creates and initialises its own Mac, as jjwt does (so it costs what it cost
 * without the pool, seen on {@code gatehouse.token.verification.duration}), and it is kept only if
 * a slot is free when it is done; one that is not kept is counted ({@code gatehouse.pool.overflows}
 * with {@code pool=hmac}, through the hook given at construction). A Mac of a key no longer in use
 * (a verifier is rebuilt with a new secret) is replaced by the next Mac returned. Lock-free: slots
 * are taken and returned by compare-and-set. Public only for the bench.
 */
public final class PooledMacAlgorithm implements SecureDigestAlgorithm<SecretKey, SecretKey> {
    /** How many initialised Macs are kept per algorithm: twice the processors, at least 4, at most 64. */
    static final int SLOTS = Math.min(64, Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));

    private record Keyed(Key key, Mac mac) {
    }

    private final MacAlgorithm jjwt;
    private final String jcaName;
    private final AtomicReferenceArray<Keyed> slots = new AtomicReferenceArray<>(SLOTS);
    /** Told of each Mac not kept because every slot held one of this key. */
    private final Runnable overflowed;
    /** The key jjwt last verified a token with, and so accepted; null before the first token. */
    private volatile Key accepted;

    private PooledMacAlgorithm(MacAlgorithm jjwt, Runnable overflowed) {
        this.jjwt = jjwt;
        this.jcaName = SignatureAlgorithms.hmacJcaName(jjwt.getId());
        this.overflowed = overflowed;
    }

    /** A new pooled HS256, HS384 and HS512 that count nothing. */
    public static List<PooledMacAlgorithm> hmac() {
        return hmac(() -> { });
    }

    /**
     * A new pooled HS256, HS384 and HS512, to register in one parser (each parser its own pools).
     *
     * @param overflowed run for each Mac let go because its algorithm's slots were full
     * @return the three algorithms
     */
    public static List<PooledMacAlgorithm> hmac(Runnable overflowed) {
        return List.of(new PooledMacAlgorithm(Jwts.SIG.HS256, overflowed),
                new PooledMacAlgorithm(Jwts.SIG.HS384, overflowed), new PooledMacAlgorithm(Jwts.SIG.HS512, overflowed));
    }

    @Override
    public String getId() {
        return jjwt.getId();
    }

    /** Signing is jjwt's; a parser never signs. */
    @Override
    public byte[] digest(SecureRequest<InputStream, SecretKey> request) {
        return jjwt.digest(request);
    }

    @Override
    public boolean verify(VerifySecureDigestRequest<SecretKey> request) {
        Key key = request.getKey();
        if (request.getProvider() != null || key == null) {
            return jjwt.verify(request);
        }
        Keyed keyed = take(key);
        if (keyed == null) {
            if (key != accepted) {
                boolean verified = jjwt.verify(request); // throws for a key jjwt does not accept
                accepted = key;
                return verified;
            }
            keyed = create(key);
        }
        try {
            keyed.mac().update(bytes(request.getPayload()));
            return MessageDigest.isEqual(keyed.mac().doFinal(), request.getDigest());
        } finally {
            keyed.mac().reset();
            give(keyed);
        }
    }

    /** {@return how many initialised Macs are kept now, at most {@link #SLOTS}} */
    int kept() {
        int kept = 0;
        for (int i = 0; i < SLOTS; i++) {
            kept += slots.get(i) == null ? 0 : 1;
        }
        return kept;
    }

    /** Takes a Mac of this key out of its slot; null when no free one is kept. */
    private Keyed take(Key key) {
        for (int i = 0; i < SLOTS; i++) {
            Keyed kept = slots.get(i);
            if (kept != null && kept.key() == key && slots.compareAndSet(i, kept, null)) {
                return kept;
            }
        }
        return null;
    }

    /** Puts a Mac into an empty slot or one holding another key's; drops it, counted, when there is none. */
    private void give(Keyed keyed) {
        for (int i = 0; i < SLOTS; i++) {
            Keyed kept = slots.get(i);
            if ((kept == null || kept.key() != keyed.key()) && slots.compareAndSet(i, kept, keyed)) {
                return;
            }
        }
        overflowed.run();
    }

    private Keyed create(Key key) {
        try {
            Mac mac = Mac.getInstance(jcaName);
            mac.init(key);
            return new Keyed(key, mac);
        } catch (GeneralSecurityException e) {
            throw new SignatureException("Unable to initialise " + jcaName + ": " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(InputStream payload) {
        try {
            return payload.readAllBytes();
        } catch (IOException e) {
            throw new SignatureException("Unable to read the JWS signing input", e);
        }
    }
}
