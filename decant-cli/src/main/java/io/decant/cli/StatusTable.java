package io.decant.cli;

import io.decant.StatusReport;
import io.decant.control.AuditEntry;
import io.decant.control.BackfillRecord;
import io.decant.control.VerificationRecord;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The human-readable form of a {@link StatusReport}. */
final class StatusTable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private StatusTable() {
    }

    static void print(PrintWriter out, StatusReport r) {
        line(out, r.migration() + "  " + r.phase() + "  (phase version " + r.version()
                + (r.changedAt() == null ? "" : ", since " + time(r.changedAt())) + ")");
        out.println();
        instances(out, r.instances());
        row(out, "backfill", backfill(r.backfill()));
        row(out, "verification", verification(r.verification()));
        if (r.verifyRun() != null) {
            row(out, "verify run", verifyRun(r.verifyRun()));
        }
        row(out, "shadow", shadow(r.shadow()));
        row(out, "journal", count(r.journalDepth()) + (r.journalDepth() == 1 ? " key" : " keys") + " waiting for repair");
        row(out, "deferred", count(r.deferredDepth()) + (r.deferredDepth() == 1 ? " key" : " keys")
                + " written in NEW_ONLY, kept for a rollback");
        row(out, "stale intents", count(r.staleIntents()) + (r.staleIntents() == 0 ? "" : " (run: decant repair " + r.migration() + ")"));
        if (!r.mismatches().isEmpty()) {
            out.println();
            line(out, "recent shadow mismatches (newest first)");
            for (StatusReport.Mismatch m : r.mismatches()) {
                line(out, "  key " + m.key() + "  v" + m.phaseVersion() + "  " + time(m.at()));
                line(out, "    legacy: " + m.legacyValue());
                line(out, "    new:    " + m.newValue());
            }
        }
        out.println();
        if (r.audit().isEmpty()) {
            line(out, "audit: no phase changes yet");
        } else {
            line(out, "audit (newest first)");
            for (AuditEntry a : r.audit()) {
                line(out, "  " + time(a.at()) + "  " + a.actor() + "  " + a.action() + " " + a.from() + " -> " + a.to()
                        + "  v" + a.version() + (a.forced() ? "  FORCED" : "")
                        + (a.reason() == null ? "" : "  reason: " + a.reason())
                        + (a.detail() == null ? "" : "  (" + a.detail() + ")"));
            }
        }
    }

    private static void instances(PrintWriter out, List<StatusReport.Instance> instances) {
        long live = instances.stream().filter(StatusReport.Instance::live).count();
        if (instances.isEmpty()) {
            row(out, "instances", "none registered");
            return;
        }
        row(out, "instances", live + " live, " + (instances.size() - live) + " dead");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"INSTANCE", "HOST", "PID", "ACKNOWLEDGED", "HEARTBEAT", "STATE"});
        for (StatusReport.Instance i : instances) {
            rows.add(new String[] {i.instanceId(), i.host(), Long.toString(i.pid()),
                    i.ackedPhase() == null ? "-" : i.ackedPhase() + " v" + i.ackedVersion(),
                    age(i.heartbeatAgeMillis()) + " ago", i.live() ? "live" : "dead"});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], String.valueOf(row[c]).length());
            }
        }
        for (String[] row : rows) {
            StringBuilder b = new StringBuilder("  ");
            for (int c = 0; c < row.length; c++) {
                b.append(String.format(Locale.ROOT, "%-" + (widths[c] + 2) + "s", row[c]));
            }
            line(out, b.toString().stripTrailing());
        }
    }

    private static String backfill(BackfillRecord b) {
        if (b == null) {
            return "not run";
        }
        String rows = count(b.rowsCopied()) + (b.rowsEstimate() > 0 ? " of ~" + count(b.rowsEstimate()) : "") + " rows, "
                + count(b.chunksDone()) + "/" + count(b.chunksTotal()) + " chunks";
        return (b.completed() ? "completed " + time(b.completedAt()) : "running since " + time(b.startedAt()))
                + ": " + rows + " (started under phase version " + b.phaseVersion() + ")";
    }

    private static String verification(StatusReport.Verification v) {
        if (v == null || v.record() == null) {
            return "not run";
        }
        VerificationRecord r = v.record();
        long differences = r.missingInTarget() + r.extraInTarget() + r.differing();
        String verdict = r.clean() ? "clean" : count(differences) + " differences (" + count(r.missingInTarget())
                + " missing in target, " + count(r.extraInTarget()) + " extra in target, " + count(r.differing())
                + " differing, " + count(r.repaired()) + " repaired)";
        return verdict + ", " + (v.fresh() ? "fresh" : v.staleness() == null ? "stale" : v.staleness()) + "; "
                + count(r.rowsCompared()) + " rows compared" + (r.fullTable() ? "" : " (partial)")
                + ", finished " + time(r.finishedAt()) + " under phase version " + r.phaseVersion();
    }

    private static String verifyRun(StatusReport.VerifyRun v) {
        String spans = v.spansTotal() >= 0 ? count(v.spansDone()) + "/" + count(v.spansTotal()) + " spans"
                : count(v.spansDone()) + "/" + count(v.spansPlanned()) + "+ spans (still planning)";
        String state = v.spansTotal() >= 0 && v.spansLeased() == 0
                ? " interrupted (no process is comparing it; decant verify resumes it), started " : " running since ";
        return "run " + v.runId() + state + time(v.startedAt()) + ": " + count(v.rowsCompared()) + " rows compared, "
                + spans + ", " + count(v.spansLeased()) + " being compared (started under phase version " + v.phaseVersion() + ")";
    }

    private static String shadow(StatusReport.Shadow s) {
        if (s == null) {
            return "no comparisons";
        }
        long compared = s.matched() + s.mismatched() + s.errored();
        return count(compared) + " compared under phase version " + s.phaseVersion() + ": " + count(s.matched())
                + " matched, " + count(s.mismatched()) + " mismatched, " + count(s.ignored()) + " ignored, "
                + count(s.errored()) + " errored; consistency "
                + String.format(Locale.ROOT, "%.3f%%", s.consistency() * 100);
    }

    /** Prints one line, its control characters escaped: values come from the control store, some from API callers. */
    private static void line(PrintWriter out, String text) {
        out.println(TerminalText.escape(text));
    }

    private static void row(PrintWriter out, String label, String value) {
        line(out, String.format(Locale.ROOT, "%-14s%s", label, value));
    }

    private static String time(Instant t) {
        return t == null ? "-" : TIME.format(t);
    }

    static String age(long millis) {
        if (millis < 10_000) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long s = millis / 1000;
        if (s < 120) {
            return s + "s";
        }
        if (s < 7200) {
            return s / 60 + "m";
        }
        return s / 3600 + "h";
    }

    private static String count(long n) {
        return String.format(Locale.US, "%,d", n);
    }
}
