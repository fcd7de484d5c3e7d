package io.decant;

import io.decant.config.MigrationConfig;
import io.decant.control.ControlStore;
import io.decant.control.InstanceStatus;
import io.decant.control.MigrationState;
import io.decant.control.MismatchSample;
import io.decant.control.ShadowCounts;
import io.decant.control.VerificationRecord;
import io.decant.control.VerifySpans;
import io.decant.internal.phase.Freshness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads a {@link StatusReport} from the control store. */
final class StatusAssembly {
    static final int AUDIT_LINES = 10;
    static final int MISMATCHES = 5;
    private static final int STALE_INTENT_LIMIT = 10_000;

    private StatusAssembly() {
    }

    static StatusReport of(ControlStore control, VerifySpans spans, MigrationConfig m, MigrationState s, Duration deadAfter) {
        String name = m.name();
        Instant now = control.now();
        List<StatusReport.Instance> instances = new ArrayList<>();
        for (InstanceStatus i : control.instances().list(name)) {
            instances.add(new StatusReport.Instance(i.instanceId(), i.host(), i.pid(), i.ackedPhase(), i.ackedVersion(),
                    i.heartbeatAge().toMillis(), i.isLive(deadAfter)));
        }
        StatusReport.Verification verification = null;
        VerificationRecord v = control.evidence().latestVerification(name).orElse(null);
        if (v != null) {
            Freshness f = Freshness.of(v, s, now, m.verify().maxAge());
            verification = new StatusReport.Verification(v, f.fresh(), f.reason());
        }
        StatusReport.VerifyRun run = spans.runStatus(name).filter(r -> !r.plan().completed())
                .map(r -> new StatusReport.VerifyRun(r.plan().runId(), r.plan().phaseVersion(), r.plan().startedAt(),
                        r.progress().spansPlanned(), r.plan().spansTotal(), r.progress().spansDone(), r.progress().spansLeased(),
                        r.progress().rowsDone()))
                .orElse(null);
        ShadowCounts c = control.evidence().shadowCounts(name, s.version());
        StatusReport.Shadow shadow = new StatusReport.Shadow(s.version(), c.matched(), c.mismatched(), c.ignored(), c.errored(),
                c.consistency());
        List<StatusReport.Mismatch> mismatches = new ArrayList<>();
        for (MismatchSample ms : control.evidence().mismatchSamples(name, MISMATCHES)) {
            mismatches.add(new StatusReport.Mismatch(ms.key().toString(), ms.phaseVersion(), ms.legacyValue(), ms.newValue(), ms.at()));
        }
        long stale = control.intents().stale(name, deadAfter, STALE_INTENT_LIMIT).size();
        return new StatusReport(name, s.phase(), s.version(), s.changedAt(), instances,
                control.evidence().latestBackfill(name).orElse(null), verification, run, shadow, control.journal().depth(name),
                control.journal().deferredDepth(name), stale, control.phases().auditTail(name, AUDIT_LINES), mismatches);
    }
}
