package dev.gatehouse.internal.handshake;

import static dev.gatehouse.internal.handshake.FakeRequest.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.GatehouseConfig;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenExtractorTest {
    private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln";
    private static final String OTHER = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJiIn0.b3Ro";

    private final TokenExtractor defaults = new TokenExtractor(GatehouseConfig.builder().build());
    private final TokenExtractor withQuery = new TokenExtractor(GatehouseConfig.builder().queryParamToken(true).build());
    private final TokenExtractor withCookie = new TokenExtractor(GatehouseConfig.builder()
            .tokenHeader("Cookie").origins(Set.of("https://app.example.com")).build());

    @Test
    void bearerAuthorizationHeaderIsRead() {
        assertEquals(Optional.of(JWT), defaults.extract(request().header("Authorization", "Bearer " + JWT)));
    }

    @Test
    void bearerSchemeIsCaseInsensitiveAndSpacesAreTrimmed() {
        assertEquals(Optional.of(JWT), defaults.extract(request().header("Authorization", "  bEaReR   " + JWT + "  ")));
    }

    @Test
    void otherAuthorizationSchemesAreNotTokens() {
        assertEquals(Optional.empty(), defaults.extract(request().header("Authorization", "Basic " + JWT)));
        assertEquals(Optional.empty(), defaults.extract(request().header("Authorization", "Bearer")));
        assertEquals(Optional.empty(), defaults.extract(request().header("Authorization", "Bearer    ")));
    }

    @Test
    void secondAuthorizationHeaderIsReadWhenTheFirstIsNotBearer() {
        assertEquals(Optional.of(JWT), defaults.extract(request()
                .header("Authorization", "Basic abc").header("Authorization", "Bearer " + JWT)));
    }

    @Test
    void eachTokenBearingSubprotocolPrefixIsRead() {
        for (String prefix : new String[] {"bearer.", "jwt.", "jwt-auth.", "Bearer."}) {
            assertEquals(Optional.of(JWT), defaults.extract(request()
                    .header("Sec-WebSocket-Protocol", "gatehouse.v1, " + prefix + JWT)), prefix);
        }
    }

    @Test
    void base64urlEncodedSubprotocolTokenIsDecoded() {
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(JWT.getBytes(StandardCharsets.UTF_8));
        assertEquals(Optional.of(JWT), defaults.extract(request().header("Sec-WebSocket-Protocol", "jwt." + encoded + ", gatehouse.v1")));
    }

    @Test
    void subprotocolEntriesInSeparateHeadersAreRead() {
        assertEquals(Optional.of(JWT), defaults.extract(request()
                .header("Sec-WebSocket-Protocol", "gatehouse.v1").header("Sec-WebSocket-Protocol", "bearer." + JWT)));
    }

    @Test
    void plainSubprotocolsAreNotTokens() {
        assertEquals(Optional.empty(), defaults.extract(request().header("Sec-WebSocket-Protocol", "gatehouse.v1, jwt-auth, bearer")));
    }

    @Test
    void headerWinsOverSubprotocolAndSubprotocolOverQuery() {
        assertEquals(Optional.of(JWT), withQuery.extract(request()
                .header("Authorization", "Bearer " + JWT)
                .header("Sec-WebSocket-Protocol", "bearer." + OTHER)
                .query("access_token", OTHER)));
        assertEquals(Optional.of(JWT), withQuery.extract(request()
                .header("Sec-WebSocket-Protocol", "bearer." + JWT)
                .query("access_token", OTHER)));
    }

    @Test
    void queryParameterIsReadOnlyWhenEnabled() {
        assertEquals(Optional.empty(), defaults.extract(request().query("access_token", JWT)));
        assertEquals(Optional.of(JWT), withQuery.extract(request().query("access_token", JWT)));
        assertEquals(Optional.empty(), withQuery.extract(request().query("access_token", "  ")));
    }

    @Test
    void cookieModeReadsTheBearerCookieAmongOthers() {
        assertEquals(Optional.of(JWT), withCookie.extract(request().header("Cookie", "a=1; Bearer=" + JWT + "; b=2")));
        assertEquals(Optional.of(JWT), withCookie.extract(request().header("Cookie", "a=1").header("Cookie", "Bearer=" + JWT)));
    }

    @Test
    void cookieModeIgnoresTheAuthorizationHeaderButStillReadsSubprotocols() {
        assertEquals(Optional.empty(), withCookie.extract(request().header("Authorization", "Bearer " + JWT)));
        assertEquals(Optional.of(JWT), withCookie.extract(request().header("Sec-WebSocket-Protocol", "bearer." + JWT)));
    }

    @Test
    void cookieNameMustMatchExactly() {
        assertEquals(Optional.empty(), withCookie.extract(request().header("Cookie", "XBearer=" + JWT + "; bearer=" + OTHER)));
    }

    /**
     * Regression, found by TokenExtractorProperties: an empty token-bearing entry or token cookie was
     * taken for the token, so the token after it was never read and the upgrade got NO_TOKEN.
     */
    @Test
    void emptySubprotocolEntryOrCookieDoesNotHideTheTokenAfterIt() {
        assertEquals(Optional.of(JWT), defaults.extract(request()
                .header("Sec-WebSocket-Protocol", "gatehouse.v1, bearer., jwt." + JWT)));
        assertEquals(Optional.of(JWT), withCookie.extract(request()
                .header("Cookie", "Bearer=; a=1").header("Cookie", "Bearer=" + JWT)));
        assertEquals(Optional.of(JWT), withCookie.extract(request().header("Cookie", "Bearer= ")
                .header("Sec-WebSocket-Protocol", "bearer." + JWT)));
        assertEquals(Optional.of(JWT), withQuery.extract(request().header("Sec-WebSocket-Protocol", "jwt-auth.")
                .query("access_token", JWT)));
    }

    @Test
    void nothingAnywhereIsEmpty() {
        assertEquals(Optional.empty(), withQuery.extract(request()));
    }

    @Test
    void tokenBearingEntriesAreRecognisedByPrefix() {
        assertTrue(TokenEntries.isTokenBearing("bearer.x"));
        assertTrue(TokenEntries.isTokenBearing("JWT.x"));
        assertTrue(TokenEntries.isTokenBearing("jwt-auth.x"));
        assertFalse(TokenEntries.isTokenBearing("bearer"));
        assertFalse(TokenEntries.isTokenBearing("jwt-auth"));
        assertFalse(TokenEntries.isTokenBearing("gatehouse.v1"));
    }
}
