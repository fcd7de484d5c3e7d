package io.decant.internal.phase;

import io.decant.config.Durations;
import io.decant.control.MigrationState;
import io.decant.control.VerificationRecord;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether a verification still counts as evidence: it covered the full table, ran under the
 * current phase version and finished within {@code verify.max-age}.
 *
 * @param fresh  whether it counts
 * @param reason why not (null when fresh)
 */
public record Freshness(boolean fresh, String reason) {

    public static Freshness of(VerificationRecord v, MigrationState state, Instant now, Duration maxAge) {
        if (!v.fullTable()) {
            return new Freshness(false, "partial: it covered a key range or key list, not the full table");
        }
        if (v.phaseVersion() != state.version()) {
            return new Freshness(false, "stale: ran under version " + v.phaseVersion() + ", current " + state.version());
        }
        Instant finished = v.finishedAt() != null ? v.finishedAt() : v.startedAt();
        if (finished != null && Duration.between(finished, now).compareTo(maxAge) > 0) {
            return new Freshness(false, "too old: finished " + Durations.format(Duration.between(finished, now)
                    .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)) + " ago, verify.max-age is " + Durations.format(maxAge));
        }
        return new Freshness(true, null);
    }
}
