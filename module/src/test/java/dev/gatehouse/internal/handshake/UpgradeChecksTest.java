package dev.gatehouse.internal.handshake;

import static dev.gatehouse.internal.handshake.FakeRequest.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.VerifiedToken;
import dev.gatehouse.internal.metrics.GatehouseMetrics;
import dev.gatehouse.spi.UpgradeCheck;
import dev.gatehouse.spi.UpgradeDecision;
import dev.gatehouse.spi.Verification;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The gate's upgrade checks, in order, on a verified token and a copy of the request. */
class UpgradeChecksTest {
    private static final String TOKEN = "header.payload.signature";
    private static final RevocationList NO_REVOCATIONS = RevocationList.of(GatehouseConfig.builder().build(),
            Clock.systemUTC(), GatehouseMetrics.none());
    private static final VerifiedToken ALICE = new VerifiedToken("alice", Instant.now().plusSeconds(60), Set.of(),
            Map.of("tenant", "acme"));

    private static Verification check(FakeRequest request, UpgradeCheck... checks) {
        HandshakeGate gate = new HandshakeGate(GatehouseConfig.builder().build(), t -> Verification.accepted(ALICE),
                List.of(checks), null, null, NO_REVOCATIONS);
        return gate.check(request.header("Authorization", "Bearer " + TOKEN));
    }

    @Test
    void everyAllowKeepsItsAttributesALaterOneWinningANameBothKeep() {
        Verification v = check(request().header("X-Client-Version", "7.1").query("room", "lobby"),
                r -> UpgradeDecision.allow(Map.of("version", r.header("x-client-version").orElseThrow(), "n", 1)),
                r -> UpgradeDecision.allow(Map.of("room", r.queryParameter("room").orElseThrow(), "n", 2)));
        Verification.Accepted accepted = assertInstanceOf(Verification.Accepted.class, v);
        assertEquals(Map.of("version", "7.1", "room", "lobby", "n", 2), accepted.attributes());
        assertEquals(ALICE, accepted.token());
    }

    @Test
    void theFirstRefusalWinsAndTheChecksAfterItDoNotRun() {
        AtomicInteger later = new AtomicInteger();
        Verification v = check(request(),
                r -> UpgradeDecision.refuse(451, "BLOCKED_REGION", "Not here"),
                r -> {
                    later.incrementAndGet();
                    return UpgradeDecision.allow();
                });
        assertEquals(new Verification.Refused(451, "BLOCKED_REGION", "Not here"), v);
        assertEquals(0, later.get());
    }

    @Test
    void aCheckKeepingTheTokenFailsTheUpgrade() {
        Verification v = check(request(),
                r -> UpgradeDecision.allow(Map.of("auth", r.header("Authorization").orElseThrow())));
        assertEquals(500, assertInstanceOf(Verification.Refused.class, v).status());
        assertEquals(UpgradeChecks.FAILED, ((Verification.Refused) v).code());
    }

    @Test
    void aCheckAnsweringNullFailsTheUpgrade() {
        Verification v = check(request(), r -> null);
        assertEquals(UpgradeChecks.FAILED, assertInstanceOf(Verification.Refused.class, v).code());
    }

    @Test
    void aRejectedTokenNeverReachesTheChecks() {
        AtomicInteger called = new AtomicInteger();
        HandshakeGate gate = new HandshakeGate(GatehouseConfig.builder().build(),
                t -> Verification.rejected(ErrorCode.INVALID_TOKEN, "bad"), List.of(r -> {
                    called.incrementAndGet();
                    return UpgradeDecision.allow();
                }), null, null, NO_REVOCATIONS);
        assertInstanceOf(Verification.Rejected.class, gate.check(request().header("Authorization", "Bearer " + TOKEN)));
        assertEquals(0, called.get());
    }
}
