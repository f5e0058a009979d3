package dev.gatehouse;

import dev.gatehouse.internal.handshake.RevocationList;
import java.time.Instant;

/**
 * Revokes access before tokens expire (README "Revoking access"). A revoked token is refused at the
 * upgrade, whether its verification was cached or not, and at {@code auth_refresh}, with
 * {@link ErrorCode#TOKEN_REVOKED}; the open connections it concerns are closed with 1008 and the
 * reason {@code TOKEN_REVOKED} (PROTOCOL.md §1.3, §3.4, §5). Each revocation lives only as long as
 * it can matter, and the list is bounded ({@code gatehouse.revocation.max-age},
 * {@code gatehouse.revocation.max-entries}).
 */
public interface Revocations {

    /**
     * Revokes one token until its expiry, and closes this node's connections that hold it, by its
     * {@code jti} or, for a token without one, by its hash: each connection keeps its token's id
     * (never the token), and after {@code auth_refresh} the new token's. The other nodes close theirs
     * when the revocation reaches them.
     *
     * @param tokenId the token's {@code jti}, or {@link #tokenHash} of a token without one
     * @param expiresAt the token's {@code exp}: the revocation is forgotten then; one in the past revokes nothing
     * @return how many connections of this node are closing
     * @throws IllegalStateException when the list holds {@code gatehouse.revocation.max-entries}
     */
    int revokeToken(String tokenId, Instant expiresAt);

    /**
     * Revokes every token of a user issued before {@code cutoff} ("log out everywhere"): a token
     * whose {@code iat} is earlier, or that has none, is refused; a token issued at or after it is
     * accepted. Kept for {@code gatehouse.revocation.max-age} after the cut-off. Closes this node's
     * connections of the user that hold such a token.
     *
     * @param userId the user ({@code sub})
     * @param cutoff the cut-off, usually now
     * @return how many connections of this node are closing
     * @throws IllegalStateException when the list holds {@code gatehouse.revocation.max-entries}
     */
    int revokeIssuedBefore(String userId, Instant cutoff);

    /**
     * Refuses every token of a user until {@code until}, whenever it was issued, and closes this
     * node's connections of the user.
     *
     * @param userId the user ({@code sub})
     * @param until when the user's tokens are accepted again; one in the past revokes nothing
     * @return how many connections of this node are closing
     * @throws IllegalStateException when the list holds {@code gatehouse.revocation.max-entries}
     */
    int revokeUser(String userId, Instant until);

    /**
     * The id under which a token without {@code jti} is revoked.
     *
     * @param compactJwt the token as the client sends it
     * @return the lowercase hex SHA-256 of its UTF-8 bytes
     */
    static String tokenHash(String compactJwt) {
        return RevocationList.hash(compactJwt);
    }
}
