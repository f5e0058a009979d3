package dev.gatehouse.it.war.slow;

import dev.gatehouse.spi.ReadinessCheck;
import jakarta.enterprise.context.ApplicationScoped;

/** A dependency that is up until {@code hang.control} switches it to hanging (a ping that never comes back). */
@ApplicationScoped
public class HangingReadinessCheck implements ReadinessCheck {

    @Override
    public boolean isReady() {
        if (!Hang.readinessHangs()) {
            return true;
        }
        Hang.await("readiness");
        return false;
    }

    @Override
    public String name() {
        return "slow-dependency";
    }
}
