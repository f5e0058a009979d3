package dev.gatehouse.internal.handshake.jwt;

import static dev.gatehouse.internal.handshake.jwt.Outcomes.assertAccepted;
import static dev.gatehouse.internal.handshake.jwt.Outcomes.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.VerifiedToken;
import dev.gatehouse.spi.TokenVerifier;
import dev.gatehouse.testkit.TestKeys;
import dev.gatehouse.testkit.TestTokens;
import io.jsonwebtoken.gson.io.GsonDeserializer;
import io.jsonwebtoken.io.DeserializationException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The JSON-P deserializer builds what jjwt's Gson deserializer built for every claim shape, and
 * refuses what is malformed or hostile; through the verifier, claims read as before and a garbled
 * token is refused as before.
 */
class JsonpDeserializerTest {
    private static final JsonpDeserializer JSONP = new JsonpDeserializer();
    private static final GsonDeserializer<Object> GSON = new GsonDeserializer<>();
    private static final String SECRET = TestKeys.secret(32);

    @Test
    void buildsTheSameValuesAsGsonForEveryClaimShape() {
        List<String> documents = List.of(
                "{\"sub\":\"alice\",\"exp\":4102444800,\"iat\":1700000000.75,\"nbf\":-5}",
                "{\"n\":0,\"neg\":-0,\"max\":9223372036854775807,\"min\":-9223372036854775808,\"over\":9223372036854775808}",
                "{\"big\":123456789012345678901234567890,\"f\":1.5,\"whole\":1.0,\"e\":1e2,\"E\":-2.5E-3}",
                "{\"groups\":[\"chat\",\"admin\"],\"mixed\":[1,\"x\",true,null,{\"k\":[[]]}],\"empty\":{}}",
                "{\"profile\":{\"name\":\"Al\\u00e9\",\"emoji\":\"\\ud83d\\ude00\",\"esc\":\"a\\\"b\\\\c\\/d\\n\\t\"}}",
                "{\"t\":true,\"f\":false,\"nothing\":null,\"unicode\":\"日本\"}");
        for (String json : documents) {
            assertEquals(GSON.deserialize(new StringReader(json)), JSONP.deserialize(new StringReader(json)), json);
        }
    }

    @Test
    void wholeNumbersThatFitAreLongsAndOthersDoubles() {
        Map<String, ?> claims = JSONP.deserialize(new StringReader(
                "{\"exp\":4102444800,\"frac\":4102444800.5,\"huge\":1e30,\"over\":9223372036854775808,\"exp10\":1E3}"));

        assertEquals(4102444800L, claims.get("exp"));
        assertEquals(4102444800.5, claims.get("frac"));
        assertEquals(1e30, claims.get("huge"));
        assertEquals(9.223372036854775808e18, claims.get("over"));
        assertEquals(1000.0, claims.get("exp10"));
    }

    @Test
    void refusesWhatIsNotOneJsonObject() {
        for (String json : List.of("", "[]", "\"s\"", "42", "{\"a\":1}{}", "{\"a\":1} x", "{\"a\":}", "{\"a\" 1}",
                "{a:1}", "{'a':1}", "{\"a\":1,}", "{\"a\":[1,]}", "{\"a\":NaN}", "{\"a\":01}", "{\"a\":\"\\x\"}", "{\"a\":1")) {
            assertThrows(DeserializationException.class, () -> JSONP.deserialize(new StringReader(json)), json);
        }
    }

    @Test
    void refusesANameGivenTwiceInOneObject() {
        for (String json : List.of("{\"sub\":\"alice\",\"sub\":\"admin\"}", "{\"o\":{\"a\":1,\"a\":1}}", "{\"a\":null,\"a\":null}")) {
            assertThrows(DeserializationException.class, () -> JSONP.deserialize(new StringReader(json)), json);
        }
    }

    @Test
    void refusesNumbersBeyondADouble() {
        assertThrows(DeserializationException.class, () -> JSONP.deserialize(new StringReader("{\"a\":1e400}")));
        assertThrows(DeserializationException.class, () -> JSONP.deserialize(new StringReader("{\"a\":-1e400}")));
    }

    @Test
    void acceptsNestingUpToTheLimitAndRefusesDeeper() {
        assertEquals(1, JSONP.deserialize(new StringReader(nested(JsonpDeserializer.MAX_DEPTH))).size());
        assertThrows(DeserializationException.class,
                () -> JSONP.deserialize(new StringReader(nested(JsonpDeserializer.MAX_DEPTH + 1))));
        assertThrows(DeserializationException.class, () -> JSONP.deserialize(new StringReader(nested(100_000))));
    }

    @Test
    void readsUtf8Bytes() {
        @SuppressWarnings("deprecation")
        Map<String, ?> claims = JSONP.deserialize("{\"name\":\"Zoë 😀\"}".getBytes(StandardCharsets.UTF_8));

        assertEquals("Zoë 😀", claims.get("name"));
    }

    @Test
    void theVerifierReadsClaimsAndTimesAsBefore() {
        long exp = Instant.now().plusSeconds(600).getEpochSecond();
        String token = signed("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "{\"sub\":\"alice\",\"exp\":" + exp + ".9,\"iat\":"
                + (exp - 700) + ".25,\"groups\":[\"chat\",\"admin\"],\"count\":3,\"big\":123456789012345678901234567890,"
                + "\"nested\":{\"name\":\"Zo\\u00eb\",\"tags\":[\"x\",2]}}");

        VerifiedToken verified = assertAccepted(verifier().verify(token));

        assertEquals(Instant.ofEpochSecond(exp), verified.expiresAt());
        assertEquals(java.util.Set.of("chat", "admin"), verified.groups());
        assertEquals(exp - 700, verified.claims().get("iat"));
        assertEquals(3L, verified.claims().get("count"));
        assertEquals(1.2345678901234568E29, verified.claims().get("big"));
        assertEquals(Map.of("name", "Zoë", "tags", List.of("x", 2L)), verified.claims().get("nested"));
    }

    @Test
    void aGarbledHeaderIsAMalformedToken() {
        String token = signed("{\"alg\":\"HS256\",", "{\"sub\":\"alice\",\"exp\":4102444800}");

        assertEquals("malformed token", assertRejected(ErrorCode.INVALID_TOKEN, verifier().verify(token), token));
    }

    @Test
    void duplicateClaimNamesAreAnInvalidToken() {
        String token = signed("{\"alg\":\"HS256\"}", "{\"sub\":\"alice\",\"sub\":\"admin\",\"exp\":4102444800}");

        assertRejected(ErrorCode.INVALID_TOKEN, verifier().verify(token), token);
    }

    @Test
    void aDuplicateHeaderNameIsAMalformedToken() {
        String token = signed("{\"alg\":\"none\",\"alg\":\"HS256\"}", "{\"sub\":\"alice\",\"exp\":4102444800}");

        assertEquals("malformed token", assertRejected(ErrorCode.INVALID_TOKEN, verifier().verify(token), token));
    }

    private static String signed(String header, String payload) {
        return TestTokens.rawHs256(SECRET.getBytes(StandardCharsets.UTF_8), header, payload);
    }

    private static TokenVerifier verifier() {
        return JwtTokenVerifier.create(GatehouseConfig.builder().hmacSecret(SECRET).build().jwt(), Clock.systemUTC());
    }

    private static String nested(int depth) {
        return "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
    }
}
