package dev.gatehouse.bench.jmh;

import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.JwtSettings;
import dev.gatehouse.internal.handshake.jwt.CachingTokenVerifier;
import dev.gatehouse.internal.handshake.jwt.JwtTokenVerifier;
import dev.gatehouse.spi.TokenVerifier;
import dev.gatehouse.spi.Verification;
import dev.gatehouse.testkit.TestKeys;
import dev.gatehouse.testkit.TestTokens;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One token verification by Gatehouse's verifier per algorithm, with the JDK provider and with
 * Bouncy Castle (its own key objects), and a cache hit (a reconnect with a token already presented).
 * The JDK's own ES256 is much faster on newer JDKs: run it on another JDK with
 * {@code JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java bench/run.sh jmh 'JwtVerificationBench.verify -p alg=ES256'}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JwtVerificationBench {
    private static final String SECRET = "jmh-secret-jmh-secret-jmh-secret-0123456789";

    @Param({"HS256", "RS256", "ES256", "EdDSA"})
    public String alg;

    @Param({"jdk", "bc"})
    public String provider;

    private TokenVerifier verifier;
    private TokenVerifier cached;
    private String token;

    @Setup
    public void setUp() {
        JwtSettings settings;
        if (alg.equals("HS256")) {
            settings = GatehouseConfig.builder().hmacSecret(SECRET).build().jwt();
            token = TestTokens.hs256(SECRET).subject("u").expiresIn(Duration.ofHours(1)).compact();
        } else {
            KeyPair pair = switch (alg) {
                case "RS256" -> TestKeys.rsa();
                case "ES256" -> TestKeys.ec256();
                default -> TestKeys.ed25519();
            };
            settings = GatehouseConfig.builder().publicKey(TestKeys.pem(pair.getPublic())).build().jwt();
            token = TestTokens.signedWith(pair.getPrivate(), alg).subject("u").expiresIn(Duration.ofHours(1)).compact();
        }
        verifier = JwtTokenVerifier.create(settings, Clock.systemUTC(), provider.equals("bc"));
        cached = CachingTokenVerifier.wrap(verifier, 1000, Clock.systemUTC());
        if (!(verifier.verify(token) instanceof Verification.Accepted)) {
            throw new IllegalStateException(alg + " token not accepted");
        }
    }

    @Benchmark
    public Verification verify() {
        return verifier.verify(token);
    }

    @Benchmark
    public Verification cacheHit() {
        return cached.verify(token);
    }
}
