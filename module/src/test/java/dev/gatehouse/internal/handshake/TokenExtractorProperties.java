package dev.gatehouse.internal.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.gatehouse.GatehouseConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * {@link TokenExtractor} against any header values (PROTOCOL.md §1.1): it never throws, never finds
 * an empty token, and finds the token of the first source, in the documented order, that holds one.
 */
class TokenExtractorProperties {
    private static final String[] PREFIXES = {"bearer.", "jwt.", "jwt-auth."};

    /** Where a token can come from, in the order they are tried. */
    enum Source { AUTHORIZATION, COOKIE, SUBPROTOCOL, QUERY }

    /**
     * A configuration and the sources it reads, in order.
     *
     * @param name for the report
     * @param extractor the extractor
     * @param order the sources it reads, first match wins
     */
    record Setup(String name, TokenExtractor extractor, List<Source> order) {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * An upgrade request's token-bearing parts.
     *
     * @param authorization the Authorization header values
     * @param cookie the Cookie header values
     * @param subprotocol the Sec-WebSocket-Protocol header values
     * @param query the access_token query parameter, or null
     */
    record Request(List<String> authorization, List<String> cookie, List<String> subprotocol, String query) {
        FakeRequest fake() {
            FakeRequest r = FakeRequest.request();
            authorization.forEach(v -> r.header("Authorization", v));
            cookie.forEach(v -> r.header("Cookie", v));
            subprotocol.forEach(v -> r.header("Sec-WebSocket-Protocol", v));
            return query == null ? r : r.query("access_token", query);
        }
    }

    @Property
    void anyHeaderValuesNeverThrowAndNeverGiveAnEmptyToken(@ForAll("setups") Setup setup, @ForAll("anyRequest") Request request) {
        Optional<String> token = setup.extractor().extract(request.fake());
        assertFalse(token.isPresent() && token.get().isEmpty());
    }

    @Property
    void tokenOfTheFirstSourceHoldingOneIsFound(@ForAll("setups") Setup setup, @ForAll("jwts") String token,
            @ForAll("jwts") String other, @ForAll("placements") Placement placement) {
        Request request = placement.build(setup, token, other);
        assertEquals(Optional.of(token), setup.extractor().extract(request.fake()), request::toString);
    }

    @Property
    void base64urlEncodedJwtInATokenBearingEntryIsTheJwt(@ForAll("setups") Setup setup, @ForAll("jwts") String jwt,
            @ForAll("prefixes") String prefix, @ForAll("plainEntries") List<String> around) {
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(jwt.getBytes(StandardCharsets.US_ASCII));
        List<String> entries = new ArrayList<>(around);
        entries.add(around.size() / 2, prefix + encoded);
        Request request = new Request(List.of(), List.of(), List.of(String.join(", ", entries)), null);
        assertEquals(Optional.of(jwt), setup.extractor().extract(request.fake()));
    }

    @Property
    void tokenBearingIsTheThreePrefixesInAnyCaseAndNothingElse(@ForAll("entries") String entry) {
        boolean expected = false;
        for (String p : PREFIXES) {
            expected |= startsWithIgnoringAsciiCase(entry, p);
        }
        assertEquals(expected, TokenEntries.isTokenBearing(entry));
    }

    private static boolean startsWithIgnoringAsciiCase(String s, String prefix) {
        if (s.length() < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    // ---- generators

    @Provide
    Arbitrary<Setup> setups() {
        Set<String> origins = Set.of("https://app.example.com"); // required with the cookie
        return Arbitraries.of(
                new Setup("defaults", new TokenExtractor(GatehouseConfig.builder().build()),
                        List.of(Source.AUTHORIZATION, Source.SUBPROTOCOL)),
                new Setup("query", new TokenExtractor(GatehouseConfig.builder().queryParamToken(true).build()),
                        List.of(Source.AUTHORIZATION, Source.SUBPROTOCOL, Source.QUERY)),
                new Setup("cookie", new TokenExtractor(GatehouseConfig.builder().tokenHeader("Cookie").origins(origins).build()),
                        List.of(Source.COOKIE, Source.SUBPROTOCOL)),
                new Setup("cookie+query", new TokenExtractor(GatehouseConfig.builder().tokenHeader("Cookie").origins(origins).queryParamToken(true).build()),
                        List.of(Source.COOKIE, Source.SUBPROTOCOL, Source.QUERY)));
    }

    /** Compact JWTs: three base64url parts. */
    @Provide
    Arbitrary<String> jwts() {
        Arbitrary<String> part = Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
                .ofMinLength(1).ofMaxLength(40);
        return Combinators.combine(part, part, part).as((h, p, s) -> h + "." + p + "." + s);
    }

    @Provide
    Arbitrary<Request> anyRequest() {
        Arbitrary<String> value = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.strings().all().ofMaxLength(60)),
                Tuple.of(3, Arbitraries.strings().withChars("Bearer jwt-auth.=;, \t\u00a0xyz").ofMaxLength(30)),
                Tuple.of(1, Arbitraries.of("Bearer", "Bearer ", "bearer.", "jwt.", "jwt-auth.", "Bearer=", "Bearer= ; x",
                        "jwt-auth., bearer.", "bearer.===", "jwt.a", "jwt.IA")));
        Arbitrary<List<String>> values = value.list().ofMaxSize(3);
        return Combinators.combine(values, values, values, Arbitraries.oneOf(value, Arbitraries.just(null))).as(Request::new);
    }

    @Provide
    Arbitrary<String> prefixes() {
        return Arbitraries.of(PREFIXES).flatMap(p -> Arbitraries.of(true, false).list().ofSize(p.length()).map(upper -> {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < p.length(); i++) {
                b.append(upper.get(i) ? Character.toUpperCase(p.charAt(i)) : p.charAt(i));
            }
            return b.toString();
        }));
    }

    @Provide
    Arbitrary<List<String>> plainEntries() {
        return Arbitraries.of("gatehouse.v1", "jwt-auth", "bearer", "chat", "jwt", "bearer-x").list().ofMaxSize(3);
    }

    @Provide
    Arbitrary<String> entries() {
        Arbitrary<String> tail = Arbitraries.strings().all().ofMaxLength(8);
        Arbitrary<String> lookalike = Arbitraries.of("bearer", "jwt-auth", "jwt_auth.", "bearer,", "jwt .", "\u0130bearer.",
                "\u212awt.", "bearer\u2024", "\uff42earer.", "jWt-aUtH.", "BEARER.", "j", "");
        return Arbitraries.frequencyOf(Tuple.of(2, Combinators.combine(prefixes(), tail).as(String::concat)),
                Tuple.of(2, Combinators.combine(lookalike, tail).as(String::concat)),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(12)));
    }

    @Provide
    Arbitrary<Placement> placements() {
        Arbitrary<Integer> free = Arbitraries.integers().between(0, 1000);
        return Combinators.combine(free, free, free, prefixes(), Arbitraries.of(true, false)).as(Placement::new);
    }

    /**
     * Where the token goes, and what the other sources hold: before it, values that hold no token
     * (other schemes, other cookies, plain subprotocols, empty token-bearing values); after it, other
     * tokens.
     *
     * @param source picks the source among those the setup reads
     * @param noise picks the values that hold no token
     * @param spaces picks the padding around the token
     * @param prefix the token-bearing subprotocol prefix, as spelled
     * @param encoded whether a subprotocol token is base64url-encoded
     */
    record Placement(int source, int noise, int spaces, String prefix, boolean encoded) {
        private static final String[] NO_AUTHORIZATION = {"Basic YTpi", "Bearer", "Bearer   ", "Digest x=1", "bearerx y", ""};
        private static final String[] NO_COOKIE = {"a=1", "XBearer=x", "bearer=x", "Bearer=", "Bearer= ", "x=1; Bearer=", "="};
        private static final String[] NO_SUBPROTOCOL = {"gatehouse.v1", "jwt-auth", "bearer", "bearer.", "jwt.", "JWT-AUTH.", " "};

        Request build(Setup setup, String token, String other) {
            Source target = setup.order().get(source % setup.order().size());
            int rank = setup.order().indexOf(target);
            List<String> authorization = new ArrayList<>();
            List<String> cookie = new ArrayList<>();
            List<String> subprotocol = new ArrayList<>();
            String query = null;
            for (Source s : Source.values()) {
                int sRank = setup.order().indexOf(s);
                boolean before = sRank >= 0 && sRank < rank;
                String value = s == target ? spell(s, token) : before ? noTokenIn(s) : spell(s, other);
                switch (s) {
                    case AUTHORIZATION -> authorization.addAll(values(before || s == target, NO_AUTHORIZATION, value));
                    case COOKIE -> cookie.addAll(values(before || s == target, NO_COOKIE, value));
                    case SUBPROTOCOL -> subprotocol.add(String.join(", ", values(before || s == target, NO_SUBPROTOCOL, value)));
                    default -> query = value;
                }
            }
            return new Request(authorization, cookie, subprotocol, query);
        }

        private String spell(Source s, String token) {
            String pad = " ".repeat(spaces % 3);
            return switch (s) {
                case AUTHORIZATION -> (spaces % 2 == 0 ? "Bearer" : "bEaReR") + " " + pad + token + pad;
                case COOKIE -> "Bearer=" + pad + token + pad;
                case SUBPROTOCOL -> prefix + (encoded ? Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(token.getBytes(StandardCharsets.US_ASCII)) : token);
                default -> pad + token + pad;
            };
        }

        private String noTokenIn(Source s) {
            return switch (s) {
                case AUTHORIZATION -> NO_AUTHORIZATION[noise % NO_AUTHORIZATION.length];
                case COOKIE -> NO_COOKIE[noise % NO_COOKIE.length];
                case SUBPROTOCOL -> NO_SUBPROTOCOL[noise % NO_SUBPROTOCOL.length];
                default -> "   ";
            };
        }

        /** Up to two values holding no token, then {@code last} (only {@code last} for a source after the target). */
        private List<String> values(boolean noiseFirst, String[] none, String last) {
            List<String> out = new ArrayList<>();
            for (int i = 0; noiseFirst && i < noise % 3; i++) {
                out.add(none[(noise / 3 + i) % none.length]);
            }
            out.add(last);
            return out;
        }
    }
}
