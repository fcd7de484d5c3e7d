package io.decant.spring;

import io.decant.Decant;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/** Health {@code decant} ({@link DecantHealth}) through Spring Boot 3's health API. */
public class DecantHealthIndicator extends AbstractHealthIndicator {
    private final DecantHealth health;

    public DecantHealthIndicator(Decant decant) {
        super("Decant health check failed");
        this.health = new DecantHealth(decant);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        DecantHealth.Result r = health.check();
        builder.status(r.up() ? Status.UP : Status.DOWN).withDetail("migrations", r.migrations());
    }
}
