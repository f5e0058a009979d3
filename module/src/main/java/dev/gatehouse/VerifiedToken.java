package dev.gatehouse;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The verified content of a token: who it names, until when, and its claims. The compact token
 * itself is never kept.
 *
 * @param subject the {@code sub} claim, never blank
 * @param expiresAt the {@code exp} claim
 * @param groups the MicroProfile JWT {@code groups} claim, empty when absent
 * @param claims every claim of the token, unmodifiable
 */
public record VerifiedToken(String subject, Instant expiresAt, Set<String> groups, Map<String, Object> claims) {

    /**
     * Copies the collections it is given; rejects a missing subject or expiry.
     *
     * @param subject the {@code sub} claim
     * @param expiresAt the {@code exp} claim
     * @param groups the {@code groups} claim
     * @param claims every claim
     */
    public VerifiedToken {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(expiresAt, "expiresAt");
        groups = Set.copyOf(groups);
        claims = Map.copyOf(claims);
    }
}
