package dev.gatehouse.internal.handshake.jwt.tck;

import static dev.gatehouse.internal.handshake.jwt.tck.Tck.assertAcceptedToken1;
import static dev.gatehouse.internal.handshake.jwt.tck.Tck.call;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.internal.handshake.FakeRequest;
import dev.gatehouse.internal.handshake.RequestView;
import dev.gatehouse.internal.handshake.TokenExtractor;
import dev.gatehouse.spi.TokenVerifier;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.jwt.tck.util.TokenUtils;
import org.junit.jupiter.api.Test;

/**
 * {@code microprofile-config-cookie.properties}: {@code mp.jwt.token.header=Cookie},
 * {@code mp.jwt.token.cookie=jwt}. The TCK's CookieTokenTest: the token is taken from that cookie
 * only, then verified against {@code /publicKey.pem}. Also the cookie cases of TokenAsCookieTest and
 * TokenAsCookieIgnoredTest, whose properties the TCK builds in code. Gatehouse reads a token from a
 * cookie only with an {@code Origin} allow-list ({@code gatehouse.origins}), which each case adds.
 */
class TckCookieTest {
    private static final Map<String, String> CONFIG = withOrigins(Tck.configFile("cookie"));
    private static final String TOKEN = call(() -> TokenUtils.signClaims("/Token1.json"));

    private final TokenExtractor extractor = extractor(CONFIG);
    private final TokenVerifier verifier = Tck.verifier(CONFIG);

    @Test
    void tokenInTheConfiguredCookieIsAccepted() {
        String token = extractor.extract(request("Cookie", "jwt=" + TOKEN)).orElseThrow();

        assertAcceptedToken1(verifier.verify(token));
    }

    @Test
    void tokenInAnotherCookieIsNotFound() {
        assertEquals(Optional.empty(), extractor.extract(request("Cookie", "Bearer=" + TOKEN)));
    }

    @Test
    void emptyCookieIsNotFound() {
        assertEquals(Optional.empty(), extractor.extract(request("Cookie", "jwt=")));
    }

    @Test
    void tokenInTheAuthorizationHeaderIsNotFound() {
        assertEquals(Optional.empty(), extractor.extract(request("Authorization", "Bearer " + TOKEN)));
    }

    /** TokenAsCookieTest: {@code mp.jwt.token.header=Cookie} alone reads the cookie named Bearer. */
    @Test
    void cookieHeaderWithoutCookieNameReadsTheBearerCookie() {
        TokenExtractor defaultName = extractor(withOrigins(Map.of("mp.jwt.token.header", "Cookie")));

        assertEquals(Optional.of(TOKEN), defaultName.extract(request("Cookie", "Bearer=" + TOKEN)));
    }

    /** TokenAsCookieIgnoredTest: {@code mp.jwt.token.cookie} alone leaves the token in the Authorization header. */
    @Test
    void cookieNameWithoutCookieHeaderIgnoresTheCookie() {
        TokenExtractor headerOnly = extractor(Map.of("mp.jwt.token.cookie", "jwt"));

        assertEquals(Optional.empty(), headerOnly.extract(request("Cookie", "jwt=" + TOKEN)));
        assertEquals(Optional.of(TOKEN), headerOnly.extract(request("Authorization", "Bearer " + TOKEN)));
    }

    /** The properties with {@code gatehouse.origins} added, without which Gatehouse reads no cookie. */
    private static Map<String, String> withOrigins(Map<String, String> properties) {
        Map<String, String> with = new HashMap<>(properties);
        with.put("gatehouse.origins", "https://app.example.com");
        return Map.copyOf(with);
    }

    private static TokenExtractor extractor(Map<String, String> properties) {
        return new TokenExtractor(GatehouseConfig.from(ConfigSource.of(properties)).build());
    }

    private static RequestView request(String header, String value) {
        return FakeRequest.request().header(header, value);
    }
}
