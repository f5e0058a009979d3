package dev.gatehouse.it.war.app;

import dev.gatehouse.spi.ReadinessCheck;
import jakarta.enterprise.context.ApplicationScoped;

/** A dependency that is down: every connection is refused with {@code SERVICE_UNAVAILABLE}. */
@ApplicationScoped
public class FailingReadinessCheck implements ReadinessCheck {

    @Override
    public boolean isReady() {
        return false;
    }
}
