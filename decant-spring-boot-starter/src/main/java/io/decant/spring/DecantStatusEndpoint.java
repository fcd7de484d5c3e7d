package io.decant.spring;

import io.decant.Decant;
import io.decant.StatusReport;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@code /actuator/decant}: what {@code decant status --json} shows — one migration's
 * {@link StatusReport}, or {@code {"migrations": [...]}} when the configuration has several;
 * {@code /actuator/decant/<migration>} for one of them. Read-only; it shows sampled shadow
 * mismatches with their values, so expose it only where the data may be seen.
 */
@Endpoint(id = "decant")
public class DecantStatusEndpoint {
    private final Decant decant;

    public DecantStatusEndpoint(Decant decant) {
        this.decant = decant;
    }

    @ReadOperation
    public Object status() {
        List<StatusReport> reports = decant.config().migrations().keySet().stream().map(decant::status).toList();
        return reports.size() == 1 ? reports.get(0) : Map.of("migrations", reports);
    }

    @ReadOperation
    public StatusReport migration(@Selector String migration) {
        return decant.status(migration);
    }
}
