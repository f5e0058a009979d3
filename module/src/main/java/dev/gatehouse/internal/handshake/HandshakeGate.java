package dev.gatehouse.internal.handshake;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.Verification;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether an upgrade request may become a WebSocket (PROTOCOL.md §1.2): origin, token,
 * signature and claims, required groups. Pure and container-independent; each container adapter
 * turns a rejection into its answer. Never throws.
 */
public final class HandshakeGate {
    private static final Logger LOG = System.getLogger("dev.gatehouse.handshake");
    private final Set<String> origins;
    private final Set<String> requiredGroups;
    private final List<String> subprotocols;
    private final TokenExtractor extractor;
    private final TokenVerifier verifier;

    /** A gate for the given configuration and verifier. */
    public HandshakeGate(GatehouseConfig config, TokenVerifier verifier) {
        this.origins = config.origins();
        this.requiredGroups = config.requiredGroups();
        this.subprotocols = config.subprotocols();
        this.extractor = new TokenExtractor(config);
        this.verifier = verifier;
    }

    /** Checks one upgrade request. */
    public Verification check(RequestView request) {
        if (!origins.isEmpty()) {
            Optional<String> origin = request.header("Origin");
            if (origin.isEmpty() || !origins.contains(origin.get())) {
                return Verification.rejected(ErrorCode.FORBIDDEN_ORIGIN, "Origin is not allowed");
            }
        }
        Optional<String> token = extractor.extract(request);
        if (token.isEmpty()) {
            return Verification.rejected(ErrorCode.NO_TOKEN, "No bearer token in the request");
        }
        return verifyToken(token.get());
    }

    /** Verifies a token and its groups; used for the handshake and for {@code auth_refresh}. */
    public Verification verifyToken(String token) {
        Verification verification = safeVerify(token);
        if (verification instanceof Verification.Accepted accepted
                && !accepted.token().groups().containsAll(requiredGroups)) {
            return Verification.rejected(ErrorCode.FORBIDDEN, "Token lacks a required group");
        }
        return verification;
    }

    /**
     * The plain application subprotocol to select: the first one the client offered that the
     * server accepts; a token-bearing entry never. Empty string for none.
     */
    public String negotiateSubprotocol(List<String> requested) {
        for (String entry : requested) {
            String e = entry.trim();
            if (!TokenEntries.isTokenBearing(e) && subprotocols.contains(e)) {
                return e;
            }
        }
        return "";
    }

    private Verification safeVerify(String token) {
        try {
            Verification v = verifier.verify(token);
            return v != null ? v : Verification.rejected(ErrorCode.INVALID_TOKEN, "Token could not be verified");
        } catch (Throwable e) { // an Error too (NoClassDefFoundError of an optional library): the gate never throws
            // The class only, never the message: it may hold the token. A missing library shows here.
            LOG.log(Level.WARNING, "The token verifier threw {0}; the handshake is refused as INVALID_TOKEN",
                    e.getClass().getName());
            return Verification.rejected(ErrorCode.INVALID_TOKEN, "Token could not be verified");
        }
    }
}
