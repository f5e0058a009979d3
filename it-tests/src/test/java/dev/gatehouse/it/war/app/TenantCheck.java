package dev.gatehouse.it.war.app;

import dev.gatehouse.spi.UpgradeCheck;
import dev.gatehouse.spi.UpgradeDecision;
import dev.gatehouse.spi.UpgradeRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** An upgrade check as a CDI bean: only tenant {@code acme}, whose name it keeps on the connection. */
@ApplicationScoped
public class TenantCheck implements UpgradeCheck {
    @Override
    public UpgradeDecision check(UpgradeRequest request) {
        Object tenant = request.token().claims().get("tenant");
        return "acme".equals(tenant) ? UpgradeDecision.allow(Map.of("tenant", tenant))
                : UpgradeDecision.refuse(403, "WRONG_TENANT", "This server serves tenant acme only");
    }
}
