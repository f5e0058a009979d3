package dev.gatehouse.internal.handshake.jwt;

import static dev.gatehouse.internal.handshake.jwt.Outcomes.assertAccepted;
import static dev.gatehouse.internal.handshake.jwt.Outcomes.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.spi.TokenVerifier;
import dev.gatehouse.testkit.TestKeys;
import dev.gatehouse.testkit.TestTokens;
import dev.gatehouse.testkit.Uninterruptibly;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SignatureException;
import io.jsonwebtoken.security.VerifySecureDigestRequest;
import io.jsonwebtoken.security.WeakKeyException;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.Provider;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * HS256 verified with kept, initialised Macs gives jjwt's answers: each key verifies only its own
 * tokens, a rebuilt verifier with a new secret refuses the old one, concurrent verifications on
 * many threads are all right, keys jjwt refuses stay refused, and no more Macs are kept than the
 * bound; a Mac made beyond the bound is let go and counted.
 */
class PooledMacAlgorithmTest {
    private static final byte[] A = TestKeys.secret(32).getBytes(StandardCharsets.UTF_8);
    private static final byte[] B = TestKeys.secret(48).getBytes(StandardCharsets.UTF_8);

    @Test
    void eachKeyVerifiesItsOwnTokensAndNotAnothersWhileMacsAreKept() {
        PooledMacAlgorithm hs256 = PooledMacAlgorithm.hmac().get(0);
        JwtParser parser = parser(hs256, Map.of("a", key(A), "b", key(B)));
        String ofA = TestTokens.hmac(A, "HS256").kid("a").subject("alice").compact();
        String ofB = TestTokens.hmac(B, "HS256").kid("b").subject("bob").compact();
        String ofAPosingAsB = TestTokens.hmac(A, "HS256").kid("b").subject("mallory").compact();

        for (int i = 0; i < 20; i++) {
            assertEquals("alice", parser.parseSignedClaims(ofA).getPayload().getSubject());
            assertEquals("bob", parser.parseSignedClaims(ofB).getPayload().getSubject());
            assertThrows(SignatureException.class, () -> parser.parseSignedClaims(ofAPosingAsB));
            assertThrows(SignatureException.class, () -> parser.parseSignedClaims(tampered(ofA)));
        }
        assertTrue(hs256.kept() > 0, "no Mac was kept");
    }

    @Test
    void aVerifierRebuiltWithANewSecretAcceptsTokensOfTheNewSecretOnly() {
        String oldSecret = TestKeys.secret(32);
        String newSecret = TestKeys.secret(32);
        String oldToken = TestTokens.hs256(oldSecret).subject("alice").compact();
        String newToken = TestTokens.hs256(newSecret).subject("alice").compact();
        TokenVerifier before = verifier(oldSecret);
        assertAccepted(before.verify(oldToken));
        assertAccepted(before.verify(oldToken));

        TokenVerifier after = verifier(newSecret);

        for (int i = 0; i < 3; i++) {
            assertAccepted(after.verify(newToken));
            assertEquals("signature does not match", assertRejected(ErrorCode.INVALID_TOKEN, after.verify(oldToken), oldToken));
            assertAccepted(before.verify(oldToken));
            assertEquals("signature does not match", assertRejected(ErrorCode.INVALID_TOKEN, before.verify(newToken), newToken));
        }
    }

    @Test
    void concurrentVerificationsOnManyThreadsAreAllRight() throws Exception {
        PooledMacAlgorithm hs256 = PooledMacAlgorithm.hmac().get(0);
        JwtParser parser = parser(hs256, Map.of("a", key(A), "b", key(B)));
        List<String> valid = new ArrayList<>();
        List<String> forged = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            valid.add(TestTokens.hmac(A, "HS256").kid("a").subject("a" + i).compact());
            valid.add(TestTokens.hmac(B, "HS256").kid("b").subject("b" + i).compact());
            forged.add(TestTokens.hmac(B, "HS256").kid("a").subject("x" + i).compact());
            forged.add(tampered(TestTokens.hmac(A, "HS256").kid("a").subject("y" + i).compact()));
        }
        int threads = 4 * PooledMacAlgorithm.SLOTS;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> wrong = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                wrong.add(pool.submit(() -> {
                    start.await();
                    int mistakes = 0;
                    for (int i = 0; i < 200; i++) {
                        int at = (seed * 31 + i) % valid.size();
                        String token = valid.get(at);
                        String subject = parser.parseSignedClaims(token).getPayload().getSubject();
                        mistakes += subject.equals(subjectOf(at)) ? 0 : 1;
                        try {
                            parser.parseSignedClaims(forged.get(at));
                            mistakes++;
                        } catch (SignatureException expected) {
                            // refused, as it must be
                        }
                    }
                    return mistakes;
                }));
            }
            start.countDown();
            for (Future<Integer> mistakes : wrong) {
                assertEquals(0, mistakes.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(hs256.kept() <= PooledMacAlgorithm.SLOTS);
    }

    @Test
    void moreVerificationsAtOnceThanSlotsAreAllAnsweredAndTheMacBeyondTheBoundIsCounted() throws Exception {
        LongAdder overflows = new LongAdder();
        PooledMacAlgorithm hs256 = PooledMacAlgorithm.hmac(overflows::increment).get(0);
        SecretKeySpec key = key(A);
        byte[] input = "header.payload".getBytes(StandardCharsets.US_ASCII);
        byte[] signature = hmacSha256(key, input);
        assertTrue(hs256.verify(new Request(key, new ByteArrayInputStream(input), signature))); // jjwt's: the key is accepted
        int atOnce = PooledMacAlgorithm.SLOTS + 1;
        CountDownLatch reading = new CountDownLatch(atOnce);
        ExecutorService pool = Executors.newFixedThreadPool(atOnce);
        try {
            List<Future<Boolean>> verified = new ArrayList<>();
            for (int t = 0; t < atOnce; t++) {
                verified.add(pool.submit(() -> hs256.verify(new Request(key, readOnceAllRead(input, reading), signature))));
            }
            for (Future<Boolean> v : verified) {
                assertTrue(v.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(PooledMacAlgorithm.SLOTS, hs256.kept());
        assertEquals(1, overflows.sum(), "each thread held a Mac at once; one more than the slots could keep");
    }

    @Test
    void aKeyJjwtRefusesIsRefusedEveryTimeAndNeverKept() {
        PooledMacAlgorithm hs256 = PooledMacAlgorithm.hmac().get(0);
        byte[] weak = "sixteen byte key".getBytes(StandardCharsets.UTF_8);
        JwtParser parser = parser(hs256, Map.of("weak", new SecretKeySpec(weak, "HmacSHA256")));
        String token = TestTokens.rawHs256(weak, "{\"alg\":\"HS256\",\"kid\":\"weak\"}", "{\"sub\":\"alice\"}");

        for (int i = 0; i < 3; i++) {
            assertThrows(WeakKeyException.class, () -> parser.parseSignedClaims(token));
        }
        assertEquals(0, hs256.kept());
    }

    @Test
    void aSecretTooShortForHs512IsStillRefusedForIt() {
        String secret = TestKeys.secret(32);
        String token = TestTokens.hmac(TestKeys.secret(64).getBytes(StandardCharsets.UTF_8), "HS512").subject("alice").compact();

        assertRejected(ErrorCode.INVALID_TOKEN, verifier(secret).verify(token), token);
    }

    private static String subjectOf(int at) {
        return (at % 2 == 0 ? "a" : "b") + at / 2;
    }

    private static JwtParser parser(PooledMacAlgorithm algorithm, Map<String, Key> keys) {
        return Jwts.parser().keyLocator(header -> keys.get(((JwsHeader) header).getKeyId()))
                .sig().add(algorithm).and().build();
    }

    private static TokenVerifier verifier(String secret) {
        return JwtTokenVerifier.create(GatehouseConfig.builder().hmacSecret(secret).build().jwt(), Clock.systemUTC());
    }

    /**
     * The signing input, handed out only once {@code reading} counted every reader down: the Mac is
     * taken before the input is read, so that many verifications hold one at the same time.
     */
    private static InputStream readOnceAllRead(byte[] input, CountDownLatch reading) {
        return new FilterInputStream(new ByteArrayInputStream(input)) {
            private boolean waited;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (!waited) {
                    waited = true;
                    reading.countDown();
                    Uninterruptibly.await(reading);
                }
                return super.read(b, off, len);
            }
        };
    }

    private static byte[] hmacSha256(SecretKeySpec key, byte[] input) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(key);
        return mac.doFinal(input);
    }

    /** What jjwt hands an algorithm to verify. */
    private record Request(SecretKey key, InputStream payload, byte[] digest) implements VerifySecureDigestRequest<SecretKey> {
        @Override
        public SecretKey getKey() {
            return key;
        }

        @Override
        public InputStream getPayload() {
            return payload;
        }

        @Override
        public byte[] getDigest() {
            return digest;
        }

        @Override
        public Provider getProvider() {
            return null;
        }

        @Override
        public SecureRandom getSecureRandom() {
            return null;
        }
    }

    private static SecretKeySpec key(byte[] bytes) {
        return new SecretKeySpec(bytes, "HmacSHA256");
    }

    /** The token with the first character of its signature changed. */
    private static String tampered(String token) {
        int at = token.lastIndexOf('.') + 1;
        return token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
    }
}
