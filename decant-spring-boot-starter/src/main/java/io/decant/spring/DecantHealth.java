package io.decant.spring;

import io.decant.Decant;
import io.decant.StatusReport;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The health check {@code decant}, apart from Spring Boot's health API (which moved packages in
 * Spring Boot 4: {@link DecantHealthIndicator} and {@link DecantBoot4HealthIndicator} hand it on).
 * Per migration: the phase and its version, the barrier (how many live instances acknowledged the
 * current version), the repair journal's depth and stale intents.
 *
 * <p>DOWN only when this instance cannot do its job: the control store cannot be read (the check
 * throws), or this instance is not live in the registry (its lease lapsed, so its calls are refused
 * with {@code InstanceFencedException} until it polls again). A waiting barrier, a journal backlog and
 * stale intents are the operator's business (repair, advance) and leave it UP, with the numbers as
 * details: taking instances out of service for them would only add to the trouble.
 */
final class DecantHealth {
    private final Decant decant;

    DecantHealth(Decant decant) {
        this.decant = decant;
    }

    /** Whether the instance is up, and the details by migration. */
    record Result(boolean up, Map<String, Object> migrations) {
    }

    Result check() {
        boolean up = true;
        Map<String, Object> migrations = new LinkedHashMap<>();
        for (String name : decant.config().migrations().keySet()) {
            StatusReport s = decant.status(name);
            long live = s.instances().stream().filter(StatusReport.Instance::live).count();
            long acknowledged = s.instances().stream().filter(i -> i.live() && i.ackedVersion() >= s.version()).count();
            StatusReport.Instance self = s.instances().stream().filter(i -> i.instanceId().equals(decant.instanceId()))
                    .findFirst().orElse(null);
            boolean selfLive = self != null && self.live();
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("phase", s.phase().name());
            d.put("version", s.version());
            d.put("barrier", acknowledged == live ? "passed" : "waiting: " + acknowledged + " of " + live + " live instances acknowledged");
            d.put("journalDepth", s.journalDepth());
            d.put("staleIntents", s.staleIntents());
            d.put("thisInstance", self == null ? "not registered (no Migration used yet)"
                    : (selfLive ? "live" : "not live: its calls are refused until it polls the control store again")
                    + ", acting on version " + self.ackedVersion());
            migrations.put(name, d);
            up &= self == null || selfLive;
        }
        return new Result(up, migrations);
    }
}
