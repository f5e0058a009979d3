package dev.gatehouse.internal.handshake.jwt;

import static dev.gatehouse.internal.handshake.jwt.Outcomes.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.spi.TokenVerifier;
import dev.gatehouse.testkit.TestKeys;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.io.CompressionAlgorithm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A token with a {@code zip} header is refused INVALID_TOKEN without being inflated: the encryption
 * key of a JWE is public, so anyone could otherwise send a few hundred kilobytes that inflate to
 * gigabytes on a handshake thread.
 */
class CompressedTokensTest {
    private static final KeyPair RSA = TestKeys.rsa();
    /** What the bomb inflates to: enough to cost seconds and hundreds of megabytes when inflated. */
    private static final int INFLATED = 256 * 1024 * 1024;
    private static final String REASON = "compressed tokens are not accepted";

    @TempDir
    Path dir;

    @Test
    void jweThatInflatesToHundredsOfMegabytesIsRefusedQuickly() throws IOException {
        TokenVerifier verifier = JwtTokenVerifier.create(
                GatehouseConfig.builder().decryptKeyLocation(privateKeyFile()).build().jwt(), Clock.systemUTC());
        String token = Jwts.builder().compressWith(new Precompressed(bomb()))
                .subject("mallory").expiration(Date.from(Instant.now().plusSeconds(300)))
                .encryptWith(RSA.getPublic(), Jwts.KEY.RSA_OAEP_256, Jwts.ENC.A256GCM).compact();

        String reason = assertTimeout(Duration.ofSeconds(5),
                () -> assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token), token));

        assertEquals(REASON, reason);
    }

    @Test
    void smallCompressedJweIsRefusedToo() throws IOException {
        TokenVerifier verifier = JwtTokenVerifier.create(
                GatehouseConfig.builder().decryptKeyLocation(privateKeyFile()).build().jwt(), Clock.systemUTC());
        String token = Jwts.builder().compressWith(Jwts.ZIP.DEF)
                .subject("alice").expiration(Date.from(Instant.now().plusSeconds(300)))
                .encryptWith(RSA.getPublic(), Jwts.KEY.RSA_OAEP_256, Jwts.ENC.A256GCM).compact();

        assertEquals(REASON, assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token), token));
    }

    @Test
    void compressedJwsIsRefused() {
        String secret = TestKeys.secret(32);
        TokenVerifier verifier = JwtTokenVerifier.create(GatehouseConfig.builder().hmacSecret(secret).build().jwt(), Clock.systemUTC());
        String token = Jwts.builder().compressWith(Jwts.ZIP.GZIP)
                .subject("alice").expiration(Date.from(Instant.now().plusSeconds(300)))
                .signWith(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"), Jwts.SIG.HS256).compact();

        assertEquals(REASON, assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token), token));
    }

    /**
     * The claims {@code {"sub":"mallory","exp":…,"pad":"aaa…"}} with {@value #INFLATED} bytes of
     * padding, deflated as jjwt's {@code DEF} does (a zlib stream); about 1 MiB at the fastest level,
     * which keeps the test quick (the best level would make it a quarter of that).
     */
    private static byte[] bomb() {
        long exp = Instant.now().plusSeconds(300).getEpochSecond();
        byte[] chunk = new byte[1 << 20];
        Arrays.fill(chunk, (byte) 'a');
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        try (OutputStream out = new DeflaterOutputStream(deflated, new Deflater(Deflater.BEST_SPEED), 1 << 16)) {
            out.write(("{\"sub\":\"mallory\",\"exp\":" + exp + ",\"pad\":\"").getBytes(StandardCharsets.US_ASCII));
            for (int written = 0; written < INFLATED; written += chunk.length) {
                out.write(chunk);
            }
            out.write("\"}".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return deflated.toByteArray();
    }

    private String privateKeyFile() throws IOException {
        String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(RSA.getPrivate().getEncoded());
        String pem = "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n";
        return Files.writeString(dir.resolve("private.pem"), pem).toString();
    }

    /**
     * A {@code DEF} "compression" for the builder that writes prepared bytes in place of the claims it
     * is given, so that the test need not hold the inflated claims in memory.
     */
    private record Precompressed(byte[] deflated) implements CompressionAlgorithm {
        @Override
        public String getId() {
            return "DEF";
        }

        @Override
        public OutputStream compress(OutputStream out) {
            return new OutputStream() {
                @Override
                public void write(int b) {
                    // the builder's claims are replaced by the prepared stream
                }

                @Override
                public void close() throws IOException {
                    out.write(deflated);
                    out.close();
                }
            };
        }

        @Override
        public InputStream decompress(InputStream in) {
            throw new UnsupportedOperationException("only builds tokens");
        }
    }
}
