package dev.gatehouse.bench.jmh;

import dev.gatehouse.testkit.TestTokens;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.gson.io.GsonDeserializer;
import io.jsonwebtoken.jackson.io.JacksonDeserializer;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * jjwt's two JSON backends on the verification of an HS256 token, the cheapest signature, so that
 * the JSON is the largest part: Gson (what Gatehouse ships with) against Jackson. A pool of
 * distinct tokens, as a server sees them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JsonBackendBench {
    private static final String SECRET = "jmh-secret-jmh-secret-jmh-secret-0123456789";

    @Param({"gson", "jackson"})
    public String json;

    private JwtParser parser;
    private String[] tokens;
    private int next;

    @Setup
    public void setUp() {
        var builder = Jwts.parser().verifyWith(Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8)));
        parser = (json.equals("gson") ? builder.json(new GsonDeserializer<>()) : builder.json(new JacksonDeserializer<>()))
                .build();
        tokens = IntStream.range(0, 4096).mapToObj(i -> TestTokens.hs256(SECRET).subject("user" + i)
                .claim("groups", java.util.List.of("chat")).expiresIn(Duration.ofHours(1)).compact()).toArray(String[]::new);
    }

    @Benchmark
    public Object verify() {
        return parser.parseSignedClaims(tokens[next++ & 4095]).getPayload();
    }
}
