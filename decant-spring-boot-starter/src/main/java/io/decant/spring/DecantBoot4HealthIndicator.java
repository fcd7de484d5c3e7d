package io.decant.spring;

import io.decant.Decant;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health {@code decant} ({@link DecantHealth}) through Spring Boot 4's health API
 * ({@code org.springframework.boot.health}, module {@code spring-boot-health}).
 */
public class DecantBoot4HealthIndicator extends AbstractHealthIndicator {
    private final DecantHealth health;

    public DecantBoot4HealthIndicator(Decant decant) {
        super("Decant health check failed");
        this.health = new DecantHealth(decant);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        DecantHealth.Result r = health.check();
        builder.status(r.up() ? Status.UP : Status.DOWN).withDetail("migrations", r.migrations());
    }
}
