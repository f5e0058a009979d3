package dev.gatehouse.it.war;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.test.TestTokens;
import java.util.Map;

/**
 * Tokens for the deployments, minted by the test kit from the configuration they run with
 * ({@link Wars#withKey()}), good and bad.
 */
final class Tokens {
    private static final TestTokens TOKENS = TestTokens.forServer(GatehouseConfig.from(ConfigSource.of(Wars.withKey())).build());

    private Tokens() {
    }

    /** Valid for an hour, no audience. */
    static String valid(String subject) {
        return TOKENS.valid(subject);
    }

    /** Expired a minute ago (beyond the default skew). */
    static String expired(String subject) {
        return TOKENS.expired(subject);
    }

    /** Valid for an hour with this audience. */
    static String withAudience(String subject, String audience) {
        return TOKENS.token(subject).claim("aud", audience).compact();
    }

    /** Valid for an hour with these extra claims. */
    static String withClaims(String subject, Map<String, ?> claims) {
        var token = TOKENS.token(subject);
        claims.forEach(token::claim);
        return token.compact();
    }

    /** Well-formed, but signed with another secret. */
    static String badSignature(String subject) {
        return TOKENS.wrongSignature(subject);
    }
}
