package dev.gatehouse.internal.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.internal.handshake.Refusal;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * {@link UpgradeRequestCheck} against any method, path and headers (PROTOCOL.md §1.4): it never
 * throws; every refusal is one of the table's, with its JSON body; and exactly the spellings that
 * percent-decode, segment by segment and without their {@code ;} parameters, to the endpoint's path
 * are taken for Gatehouse, however else they are spelled.
 */
class UpgradeRequestCheckProperties {
    private static final Map<Integer, String> CODES = Map.of(400, "BAD_HANDSHAKE", 404, "NOT_FOUND", 405, "BAD_HANDSHAKE",
            426, "UNSUPPORTED_VERSION");

    /**
     * A deployment: Gatehouse's path and the container's other endpoints.
     *
     * @param path the Gatehouse path
     * @param others the other endpoints' paths
     */
    record Deployment(String path, List<String> others) {
        UpgradeRequestCheck check() {
            return new UpgradeRequestCheck(path, others);
        }
    }

    @Property
    void anyRequestNeverThrowsAndARefusalIsOneOfTheTable(@ForAll("deployments") Deployment deployment,
            @ForAll("methods") String method, @ForAll("paths") String rawPath, @ForAll("headers") UpgradeHeaders headers) {
        UpgradeRequestCheck.Outcome outcome = deployment.check().check(method, rawPath, headers);
        assertNotNull(outcome);
        if (outcome instanceof UpgradeRequestCheck.Refused refused) {
            assertDocumented(refused.refusal());
        } else if (outcome instanceof UpgradeRequestCheck.ForGatehouse g) {
            assertEquals(deployment.path(), g.path());
        }
    }

    /**
     * One decoding is idempotent where a second one finds nothing to decode, and not beyond: jqwik's
     * counterexample {@code /%2577s} is {@code /%77s}, which decoded again is {@code /ws}. Decoding
     * twice is what lets double-encoded paths through; Tyrus, too, decodes once.
     */
    @Property
    void canonicalPathWithoutPercentOrSemicolonIsItsOwnCanonicalPath(@ForAll("paths") String rawPath) {
        String canonical = UpgradeRequestCheck.canonicalPath(rawPath);
        if (canonical != null && canonical.indexOf('%') < 0 && canonical.indexOf(';') < 0) {
            assertEquals(canonical, UpgradeRequestCheck.canonicalPath(canonical));
        }
    }

    @Property
    void canonicalPathPercentEncodedAgainIsItsOwnCanonicalPath(@ForAll("paths") String rawPath) {
        String canonical = UpgradeRequestCheck.canonicalPath(rawPath);
        if (canonical != null) {
            assertEquals(canonical, UpgradeRequestCheck.canonicalPath(RawPaths.encode(canonical)));
        }
    }

    @Property
    void everySpellingOfTheGatehousePathIsForGatehouse(@ForAll("deployments") Deployment deployment,
            @ForAll("spellings") RawPaths.Spelling spelling) {
        String raw = spelling.of(deployment.path());
        assertEquals(new UpgradeRequestCheck.ForGatehouse(deployment.path()),
                deployment.check().check("GET", raw, UpgradeHeaders.valid()), raw);
    }

    @Property
    void onlyWhatDecodesToTheGatehousePathIsForGatehouse(@ForAll("deployments") Deployment deployment,
            @ForAll("paths") String rawPath) {
        UpgradeRequestCheck.Outcome outcome = deployment.check().check("GET", rawPath, UpgradeHeaders.valid());
        boolean gatehouse = deployment.path().equals(RawPaths.decode(rawPath));
        assertEquals(gatehouse, outcome instanceof UpgradeRequestCheck.ForGatehouse, () -> rawPath + " -> " + outcome);
        if (outcome instanceof UpgradeRequestCheck.Refused refused) {
            assertEquals(404, refused.refusal().status());
        }
        assertTrue(!(outcome instanceof UpgradeRequestCheck.ForOther) || !deployment.others().isEmpty());
    }

    @Property
    void mutatedSpellingIsForGatehouseOnlyWhenItStillDecodesToThePath(@ForAll("deployments") Deployment deployment,
            @ForAll("spellings") RawPaths.Spelling spelling, @ForAll("mutations") RawPaths.Mutation mutation, @ForAll("positions") int at) {
        onlyWhatDecodesToTheGatehousePathIsForGatehouse(deployment, mutation.apply(spelling.of(deployment.path()), at));
    }

    private static void assertDocumented(Refusal refusal) {
        String code = CODES.get(refusal.status());
        assertNotNull(code, "status " + refusal.status());
        JsonObject body = Json.createReader(new StringReader(refusal.body())).readObject();
        assertEquals(Set.of("error_code", "error_message"), body.keySet());
        assertEquals(code, body.getString("error_code"));
        assertFalse(body.getString("error_message").isBlank());
        Map<String, String> headers = switch (refusal.status()) {
            case 405 -> Map.of("Allow", "GET");
            case 426 -> Map.of("Sec-WebSocket-Version", "13");
            default -> Map.of();
        };
        assertEquals(headers, refusal.headers());
    }

    // ---- generators

    @Provide
    Arbitrary<Deployment> deployments() {
        Arbitrary<String> path = Arbitraries.of("/ws", "/ws", "/api/ws", "/chat-1/live.v2");
        Arbitrary<List<String>> others = Arbitraries.<List<String>>of(List.of(), List.of(), List.of("/other", "/rooms/{room}"),
                List.of("/{any}"));
        return Combinators.combine(path, others).as(Deployment::new);
    }

    @Provide
    Arbitrary<RawPaths.Mutation> mutations() {
        return Arbitraries.of(RawPaths.Mutation.class);
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 1000);
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of("GET", "POST", "get", "HEAD", "PUT", "OPTIONS", "", "GET ")),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(8)));
    }

    @Provide
    Arbitrary<RawPaths.Spelling> spellings() {
        Arbitrary<List<Boolean>> flags = Arbitraries.of(true, false).list().ofMinSize(1).ofMaxSize(16);
        Arbitrary<String> param = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just("")),
                Tuple.of(1, Arbitraries.strings().withChars("abcxyz019=;,%.~!$&'()*+WS").ofMaxLength(10).map(p -> ";" + p)));
        return Combinators.combine(flags, flags, param.list().ofMinSize(1).ofMaxSize(3)).as(RawPaths.Spelling::new);
    }

    @Provide
    Arbitrary<String> paths() {
        Arbitrary<String> spelt = Combinators.combine(Arbitraries.of("/ws", "/api/ws", "/chat-1/live.v2"), spellings())
                .as((p, s) -> s.of(p));
        Arbitrary<String> mutated = Combinators.combine(spelt, positions(), mutations())
                .as((p, at, m) -> m.apply(p, at));
        Arbitrary<String> free = Arbitraries.strings()
                .withChars("/%;=.wsWSapi0123456789abcdefABCDEF+ \u00e9\u0667\uff17\uff21\u0000\t?#")
                .ofMaxLength(16).map(s -> s.startsWith("/") || s.isEmpty() ? s : "/" + s);
        Arbitrary<String> known = Arbitraries.of("/ws;x=1", "/%77s", "/ws/", "/WS", "//ws", "/%2577s", "/ws%3B", "/ws%3Bx",
                "/w%73%",
                "/%ws", "/./ws", "/../ws", "/ws/..", "ws", "", "*", "http://h/ws", "/%C1%B7s", "/%E0%81%B7s", "/w%00s", "/%2Fws",
                "/api%2Fws", "/api/ws/", "/api;x/ws;y");
        return Arbitraries.frequencyOf(Tuple.of(3, spelt), Tuple.of(4, mutated), Tuple.of(2, free), Tuple.of(1, known));
    }

    @Provide
    Arbitrary<UpgradeHeaders> headers() {
        Arbitrary<String> name = Arbitraries.of("Connection", "connection", "Upgrade", "Sec-WebSocket-Version",
                "SEC-WEBSOCKET-VERSION", "Sec-WebSocket-Key", "sec-websocket-key", "Host");
        Arbitrary<String> value = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of("Upgrade", "upgrade, keep-alive",
                        "keep-alive,Upgrade", "keep-alive", "websocket", "", " ", "13", " 13 ", "8", "13, 8",
                        "dGhlIHNhbXBsZSBub25jZQ==", "dGhlIHNhbXBsZSBub25jZQ", "AAAAAAAAAAAAAAAAAAAAAA==", "AAAAAAAAAAAAAAAAAAAAAAA=",
                        "!!!!!!!!!!!!!!!!!!!!!!==")),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(30)));
        Arbitrary<String[]> entry = Combinators.combine(name, value).as((n, v) -> new String[] {n, v});
        Arbitrary<UpgradeHeaders> random = entry.list().ofMaxSize(6).map(UpgradeHeaders::new);
        return Arbitraries.frequencyOf(Tuple.of(3, random), Tuple.of(1, Arbitraries.just(UpgradeHeaders.valid())));
    }
}
