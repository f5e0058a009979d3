package dev.gatehouse.spi;

import dev.gatehouse.Gatehouse;

/**
 * An application's check of an upgrade request, run after the token is verified and before the
 * WebSocket opens (PROTOCOL.md §1.2): a tenant, a scope, {@code azp}, a denylist, the client's
 * address. It sees the verified claims and the request ({@link UpgradeRequest}) and
 * {@linkplain UpgradeDecision#allow() allows} the upgrade, keeping attributes on the connection if
 * it likes, or {@linkplain UpgradeDecision#refuse refuses} it with an HTTP status and an error code.
 *
 * <p>Checks run in the order they were registered, on Gatehouse's verifier threads (never on an
 * I/O thread), so a check may block on a database or a network call. The first refusal wins; the
 * checks after it do not run. A check that throws or returns null refuses the upgrade with
 * {@code 500 UPGRADE_CHECK_FAILED}; one that has not answered within {@code gatehouse.auth.timeout}
 * leaves the upgrade refused with {@code 503 SERVICE_UNAVAILABLE}. Checks run at the upgrade only,
 * not at {@code auth_refresh}.
 *
 * <p>Registered with {@link Gatehouse.Builder#upgradeCheck}; in a WAR, every CDI bean implementing
 * this interface. Implementations are thread-safe.
 */
@FunctionalInterface
public interface UpgradeCheck {

    /**
     * Decides on one upgrade request whose token is valid.
     *
     * @param request the verified token and the request
     * @return the decision, never null
     * @throws Exception any failure, answered {@code 500 UPGRADE_CHECK_FAILED}
     */
    UpgradeDecision check(UpgradeRequest request) throws Exception;
}
