package dev.gatehouse.client.internal;

import dev.gatehouse.client.Protocol;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The tokens the server refused, and the token-failure decision (PROTOCOL §7): after a refusal the
 * client opens again only with a token different from every refused one, so a token source that
 * returns a dead token, or cycles through a few, cannot make it loop. Remembers the last
 * {@value #MEMORY} refused tokens and the code of the last refusal, which starts every stop reason.
 * Guarded by the session's lock; it calls nothing.
 */
final class RefusedTokens {
    /** How many refused tokens are remembered. */
    static final int MEMORY = 32;

    /** Most recent last. */
    private final Set<String> refused = new LinkedHashSet<>();
    /** The code the last token failure carried. */
    private String code = "";

    /**
     * A token failure.
     *
     * @param token the refused token, or null when none was offered
     * @param reason the close reason or refusal code; empty counts as {@code INVALID_TOKEN}
     */
    void rememberLocked(String token, String reason) {
        if (token != null) {
            refused.add(token);
        }
        if (refused.size() > MEMORY) {
            refused.remove(refused.iterator().next());
        }
        code = reason.isEmpty() ? Protocol.INVALID_TOKEN : reason;
    }

    /** {@return why not to open with the token (it was refused), or empty when it may be tried} */
    Optional<String> beforeOpenLocked(String token) {
        return refused.contains(token) ? Optional.of(code + ": the token source returned a refused token")
                : Optional.empty();
    }

    /** {@return why a client with a fixed token stops after a token failure} */
    String fixedLocked() {
        return code + ": the token was refused and is fixed";
    }

    /**
     * What the token source's answer to a token failure leads to.
     *
     * @param token the token it returned, or null when it failed
     * @param reconnecting whether the policy reconnects
     * @return why to stop, or empty to reconnect with the token
     */
    Optional<String> afterSourceLocked(String token, boolean reconnecting) {
        if (token == null) {
            return Optional.of(code + ": the token was refused and the token source failed");
        }
        if (refused.contains(token)) {
            return Optional.of(code + ": the token source returned the refused token");
        }
        return reconnecting ? Optional.empty() : Optional.of(code + ": the token was refused and reconnecting is off");
    }
}
