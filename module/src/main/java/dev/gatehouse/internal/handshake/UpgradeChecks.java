package dev.gatehouse.internal.handshake;

import dev.gatehouse.spi.UpgradeCheck;
import dev.gatehouse.spi.UpgradeDecision;
import dev.gatehouse.spi.UpgradeRequest;
import dev.gatehouse.spi.Verification;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The application's {@link UpgradeCheck}s, run in order on an accepted token: the first refusal
 * wins; the attributes of every allow are kept (a later check's value for the same name replaces
 * an earlier one's). A check that throws, answers null or keeps the token in an attribute refuses
 * with {@code 500 UPGRADE_CHECK_FAILED} (PROTOCOL.md §1.3): the token never stays on a connection. Runs on the thread that verified the token
 * (a verifier thread); stateless, so thread-safe.
 */
final class UpgradeChecks {
    /** The code of a check that threw or answered null. */
    static final String FAILED = "UPGRADE_CHECK_FAILED";
    private static final Logger LOG = System.getLogger("dev.gatehouse.handshake");
    private final List<UpgradeCheck> checks;

    UpgradeChecks(List<UpgradeCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    boolean isEmpty() {
        return checks.isEmpty();
    }

    /**
     * The checks' verdict on an accepted token: accepted with their attributes, or refused.
     *
     * @param accepted the token's verification
     * @param copy the request as the checks see it
     * @param compactToken the token as sent, which no attribute may hold
     */
    Verification apply(Verification.Accepted accepted, RequestCopy copy, String compactToken) {
        UpgradeRequest request = copy.with(accepted.token());
        Map<String, Object> kept = new HashMap<>(accepted.attributes());
        for (UpgradeCheck check : checks) {
            UpgradeDecision decision = decide(check, request);
            if (decision instanceof UpgradeDecision.Refuse refuse) {
                return new Verification.Refused(refuse.status(), refuse.code(), refuse.message());
            }
            if (decision == null || keepsToken(check, (UpgradeDecision.Allow) decision, compactToken)) {
                return new Verification.Refused(500, FAILED, "An upgrade check failed");
            }
            kept.putAll(((UpgradeDecision.Allow) decision).attributes());
        }
        return new Verification.Accepted(accepted.token(), kept, accepted.tokenId());
    }

    private static boolean keepsToken(UpgradeCheck check, UpgradeDecision.Allow allow, String compactToken) {
        for (Map.Entry<String, Object> e : allow.attributes().entrySet()) {
            if (e.getValue() instanceof CharSequence text && text.toString().contains(compactToken)) {
                LOG.log(Level.WARNING, "The upgrade check {0} kept the token in attribute {1}; the upgrade is refused"
                        + " as {2}", check.getClass().getName(), e.getKey(), FAILED);
                return true;
            }
        }
        return false;
    }

    private static UpgradeDecision decide(UpgradeCheck check, UpgradeRequest request) {
        try {
            UpgradeDecision decision = check.check(request);
            if (decision == null) {
                LOG.log(Level.WARNING, "The upgrade check {0} answered null; the upgrade is refused as {1}",
                        check.getClass().getName(), FAILED);
            }
            return decision;
        } catch (Throwable e) { // an Error too: the gate never throws
            // The class only, never the message: it may quote the request, and so the token.
            LOG.log(Level.WARNING, "The upgrade check {0} threw {1}; the upgrade is refused as {2}",
                    check.getClass().getName(), e.getClass().getName(), FAILED);
            return null;
        }
    }
}
