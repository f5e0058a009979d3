package dev.gatehouse.internal.handshake;

import static dev.gatehouse.internal.handshake.FakeRequest.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.VerifiedToken;
import dev.gatehouse.spi.TokenVerifier;
import dev.gatehouse.spi.Verification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HandshakeGateTest {
    private final List<String> verified = new ArrayList<>();

    @Test
    void firstOfferedPlainSubprotocolTheServerAcceptsIsSelected() {
        HandshakeGate gate = gate(GatehouseConfig.builder().build(), acceptAs("a"));
        assertEquals("jwt-auth", gate.negotiateSubprotocol(List.of("chat.v9", "jwt-auth", "gatehouse.v1")));
        assertEquals("gatehouse.v1", gate.negotiateSubprotocol(List.of(" gatehouse.v1 ")));
    }

    @Test
    void tokenBearingEntryIsNeverSelectedEvenWhenOfferedFirst() {
        HandshakeGate gate = gate(GatehouseConfig.builder().build(), acceptAs("a"));
        assertEquals("bearer", gate.negotiateSubprotocol(List.of("bearer.eyJ.x.y", "jwt.abc", "bearer")));
    }

    @Test
    void nothingAcceptableSelectsNone() {
        HandshakeGate gate = gate(GatehouseConfig.builder().subprotocols(List.of("app.v2")).build(), acceptAs("a"));
        assertEquals("", gate.negotiateSubprotocol(List.of("gatehouse.v1", "bearer.eyJ.x.y")));
        assertEquals("", gate.negotiateSubprotocol(List.of()));
    }

    @Test
    void originIsCheckedBeforeTheToken() {
        HandshakeGate gate = gate(GatehouseConfig.builder().origins(Set.of("https://ok")).build(), acceptAs("a"));
        assertRejected(ErrorCode.FORBIDDEN_ORIGIN, gate.check(request().header("Origin", "https://evil")));
        assertRejected(ErrorCode.FORBIDDEN_ORIGIN, gate.check(request().header("Authorization", "Bearer t")));
        assertEquals(List.of(), verified, "the verifier must not run for a forbidden origin");
        assertInstanceOf(Verification.Accepted.class,
                gate.check(request().header("Origin", "https://ok").header("Authorization", "Bearer t")));
    }

    @Test
    void missingTokenIsNoTokenWithoutCallingTheVerifier() {
        assertRejected(ErrorCode.NO_TOKEN, gate(GatehouseConfig.builder().build(), acceptAs("a")).check(request()));
        assertEquals(List.of(), verified);
    }

    @Test
    void verifierRejectionIsPassedOn() {
        HandshakeGate gate = gate(GatehouseConfig.builder().build(), t -> {
            verified.add(t);
            return Verification.rejected(ErrorCode.TOKEN_EXPIRED, "expired");
        });
        assertRejected(ErrorCode.TOKEN_EXPIRED, gate.check(request().header("Authorization", "Bearer t1")));
        assertEquals(List.of("t1"), verified);
    }

    @Test
    void throwingOrNullVerifierBecomesInvalidTokenWithoutTheTokenInTheMessage() {
        HandshakeGate throwing = gate(GatehouseConfig.builder().build(), t -> {
            throw new IllegalStateException("bad " + t);
        });
        Verification.Rejected r = assertRejected(ErrorCode.INVALID_TOKEN, throwing.verifyToken("secret-token"));
        assertEquals(false, r.message().contains("secret-token"));
        assertRejected(ErrorCode.INVALID_TOKEN, gate(GatehouseConfig.builder().build(), t -> null).verifyToken("t"));
    }

    @Test
    void verifierThatThrowsAnErrorIsInvalidTokenNotAnEscapedError() {
        HandshakeGate gate = gate(GatehouseConfig.builder().build(), t -> {
            throw new NoClassDefFoundError("org/bouncycastle/jce/provider/BouncyCastleProvider");
        });
        assertRejected(ErrorCode.INVALID_TOKEN, gate.check(request().header("Authorization", "Bearer t")));
        assertRejected(ErrorCode.INVALID_TOKEN, gate.verifyToken("t"));
    }

    @Test
    void missingRequiredGroupIsForbidden() {
        HandshakeGate gate = gate(GatehouseConfig.builder().requiredGroups(Set.of("a", "b")).build(),
                t -> Verification.accepted(token("u", Set.of("a", "c"))));
        assertRejected(ErrorCode.FORBIDDEN, gate.verifyToken("t"));
        HandshakeGate ok = gate(GatehouseConfig.builder().requiredGroups(Set.of("a", "b")).build(),
                t -> Verification.accepted(token("u", Set.of("a", "b", "c"))));
        assertInstanceOf(Verification.Accepted.class, ok.verifyToken("t"));
    }

    @Test
    void anAcceptedTokenIsNamedByItsJtiElseByItsHashWhateverAnApplicationsVerifierNamedIt() {
        VerifiedToken withJti = new VerifiedToken("u", Instant.now().plusSeconds(60), Set.of(), Map.of("jti", "j1"));
        HandshakeGate gate = gate(GatehouseConfig.builder().build(), t -> new Verification.Accepted(
                t.equals("with-jti") ? withJti : token("u", Set.of()), Map.of(), "the verifier's own"));
        assertEquals("j1", assertInstanceOf(Verification.Accepted.class, gate.verifyToken("with-jti")).tokenId());
        assertEquals(RevocationList.hash("a.b.c"),
                assertInstanceOf(Verification.Accepted.class, gate.verifyToken("a.b.c")).tokenId());
    }

    private TokenVerifier acceptAs(String subject) {
        return t -> {
            verified.add(t);
            return Verification.accepted(token(subject, Set.of()));
        };
    }

    private static VerifiedToken token(String subject, Set<String> groups) {
        return new VerifiedToken(subject, Instant.now().plusSeconds(60), groups, Map.of());
    }

    private static HandshakeGate gate(GatehouseConfig config, TokenVerifier verifier) {
        return new HandshakeGate(config, verifier);
    }

    private static Verification.Rejected assertRejected(ErrorCode code, Verification v) {
        Verification.Rejected r = assertInstanceOf(Verification.Rejected.class, v);
        assertEquals(code, r.code());
        return r;
    }
}
