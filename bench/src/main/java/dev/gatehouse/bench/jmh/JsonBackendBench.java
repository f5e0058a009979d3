package dev.gatehouse.bench.jmh;

import dev.gatehouse.internal.handshake.jwt.JsonpDeserializer;
import dev.gatehouse.internal.handshake.jwt.PooledMacAlgorithm;
import dev.gatehouse.testkit.TestTokens;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.JwtParserBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.gson.io.GsonDeserializer;
import io.jsonwebtoken.io.Decoders;
import io.jsonwebtoken.io.Deserializer;
import io.jsonwebtoken.jackson.io.JacksonDeserializer;
import io.jsonwebtoken.security.Keys;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
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
 * jjwt's per-token work on an HS256 token (the cheapest signature, so that JSON and the Mac are the
 * largest parts), each extension point Gatehouse uses against jjwt's default: the JSON backend
 * ({@code json}: Gson, jjwt's default here; Jackson; Gatehouse's JSON-P deserializer) and the HMAC
 * ({@code mac}: {@code fresh}, jjwt's {@code Mac.getInstance} and {@code init} per token;
 * {@code pooled}, Gatehouse's {@link PooledMacAlgorithm}). {@link #verify} is the whole
 * {@code parseSignedClaims}; {@link #deserialize} only the JSON of a token's header and claims. A
 * pool of distinct tokens with realistic claims, as a server sees them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JsonBackendBench {
    private static final String SECRET = "jmh-secret-jmh-secret-jmh-secret-0123456789";
    private static final int TOKENS = 4096;

    @Param({"gson", "jackson", "jsonp"})
    public String json;

    @Param({"fresh", "pooled"})
    public String mac;

    private JwtParser parser;
    private Deserializer<Map<String, ?>> deserializer;
    private String[] tokens;
    private String[][] parts;
    private int next;

    @Setup
    public void setUp() {
        deserializer = switch (json) {
            case "gson" -> new GsonDeserializer<>();
            case "jackson" -> new JacksonDeserializer<>();
            default -> new JsonpDeserializer();
        };
        JwtParserBuilder builder = Jwts.parser().verifyWith(Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8)))
                .json(deserializer);
        parser = (mac.equals("pooled") ? builder.sig().add(PooledMacAlgorithm.hmac()).and() : builder).build();
        tokens = IntStream.range(0, TOKENS).mapToObj(i -> TestTokens.hs256(SECRET).kid("k1").subject("user" + i)
                .issuer("https://id.example.com/realms/chat").audience("gatehouse").groups("chat", "support")
                .claim("name", "User " + i).claim("email", "user" + i + "@example.com")
                .expiresIn(Duration.ofHours(1)).compact()).toArray(String[]::new);
        parts = new String[TOKENS][];
        for (int i = 0; i < TOKENS; i++) {
            String[] split = tokens[i].split("\\.");
            parts[i] = new String[] {decoded(split[0]), decoded(split[1])};
        }
    }

    @Benchmark
    public Object verify() {
        return parser.parseSignedClaims(tokens[next++ & (TOKENS - 1)]).getPayload();
    }

    @Benchmark
    public Object deserialize() {
        String[] token = parts[next++ & (TOKENS - 1)];
        deserializer.deserialize(new StringReader(token[0]));
        return deserializer.deserialize(new StringReader(token[1]));
    }

    private static String decoded(String base64Url) {
        return new String(Decoders.BASE64URL.decode(base64Url), StandardCharsets.UTF_8);
    }
}
