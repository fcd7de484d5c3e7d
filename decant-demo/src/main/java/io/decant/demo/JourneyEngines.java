package io.decant.demo;

import io.decant.BackfillOptions;
import io.decant.BackfillResult;
import io.decant.BackupResult;
import io.decant.Decant;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.ProgressListener;
import io.decant.RepairResult;
import io.decant.RestoreResult;
import io.decant.RetireResult;
import io.decant.VerifyOptions;
import io.decant.VerifyReport;
import java.nio.file.Path;

/**
 * Runs Decant's engines for the journey through the facade, exactly as the commands do
 * ({@code decant backfill}, {@code verify}, {@code backup}, {@code retire}, {@code restore}), and
 * narrates their results.
 */
final class JourneyEngines {
    /** What retire left: the backup file to restore from. */
    record Retired(Path backup, BackupResult backupResult, RetireResult retireResult) {
    }

    private final Decant operator;
    private final Narration say;
    private final Path workDir;
    private final String actor;

    JourneyEngines(Decant operator, Narration say, Path workDir, String actor) {
        this.operator = operator;
        this.say = say;
        this.workDir = workDir;
        this.actor = actor;
    }

    /** {@code decant backfill orders}: copies the rows that existed before dual writing began. */
    BackfillResult backfill() {
        say.step("decant backfill orders (while the monolith keeps writing)");
        BackfillResult r;
        ProgressListener bar = say.bar();
        try {
            r = operator.backfill(DemoConfig.MIGRATION, BackfillOptions.defaults(), bar);
        } finally {
            close(bar);
        }
        say.line(String.format("%s: %,d rows in %,d chunks (%,d merged with rows the dual writes had written) by %d workers"
                        + " in %s, %,.0f rows/s, via %s", r.completed() ? "completed" : "NOT completed", r.rowsCopied(),
                r.chunksCopied(), r.chunksMerged(), r.workers(), DemoJourney.seconds(r.elapsed().toNanos()), r.rowsPerSecond(),
                r.method()));
        say.line("recorded under phase version " + r.phaseVersion() + ": the SHADOW_READ guard reads it");
        return r;
    }

    /**
     * {@code decant verify orders}: compares every row. A persistent difference is reported and then
     * repaired with {@code --repair} (what an operator would do), so the journey can go on; the proof
     * at the end does not depend on it.
     */
    VerifyReport verify(String when) {
        say.step("decant verify orders (" + when + ")");
        VerifyReport r = run(VerifyOptions.defaults());
        if (!r.clean()) {
            r.samples().stream().limit(5).forEach(d -> say.line("  " + d.kind() + " key " + d.key()
                    + (d.columns().isEmpty() ? "" : " columns " + d.columns())));
            say.line("differences found: running decant verify orders --repair");
            r = run(VerifyOptions.defaults().withRepair(true));
        }
        return r;
    }

    /**
     * {@code decant verify orders --repair} in NEW_ONLY: the legacy table no longer receives writes, so
     * the keys written since differ; the repair copies them from the authoritative service into legacy,
     * so that the backup holds the final state and retire has fresh, clean evidence.
     */
    VerifyReport verifyInNewOnly(long deferredKeys) {
        say.step("decant verify orders (before retire, the monolith still writing)");
        say.line(String.format("in NEW_ONLY the legacy table stopped receiving writes: the %,d keys written since differ and"
                + " are on record (deferred journal entries) for a rollback; they are counted apart, and every other key"
                + " must be identical", deferredKeys));
        return run(VerifyOptions.defaults());
    }

    private VerifyReport run(VerifyOptions options) {
        VerifyReport r;
        ProgressListener bar = say.bar();
        try {
            r = operator.verify(DemoConfig.MIGRATION, options, bar);
        } finally {
            close(bar);
        }
        say.line(String.format("%s: %,d rows compared in %s (%,.0f rows/s, %s); %,d missing in the service, %,d extra,"
                        + " %,d differing%s; %,d in-flight differences gone at the recheck%s", r.clean() ? "clean" : "NOT clean",
                r.rowsCompared(), DemoJourney.seconds(r.elapsed().toNanos()), r.rowsPerSecond(),
                r.inDatabase() ? "hashed inside the databases" : "streamed and compared in Java", r.missingInTarget(),
                r.extraInTarget(), r.differing(), options.repair() ? ", " + r.repaired() + " repaired" : "", r.inFlight(),
                r.writtenSinceFlip() > 0 ? String.format("; %,d keys written since the flip (expected)", r.writtenSinceFlip()) : ""));
        return r;
    }

    /** {@code decant backup} then {@code decant retire}: the legacy rows go, with a verified backup. */
    Retired backupAndRetire(LegacyDigest legacyRows) {
        Path file = workDir.resolve("orders-legacy.backup");
        say.step("decant backup orders --out " + file.getFileName());
        BackupResult b;
        ProgressListener bar = say.bar();
        try {
            b = operator.backup(DemoConfig.MIGRATION, file, bar);
        } finally {
            close(bar);
        }
        say.line(String.format("%,d rows, %,d bytes compressed, in %s; file sha256 %s…, row digest %s…; manifest %s",
                b.rows(), b.bytes(), DemoJourney.seconds(b.millis() * 1_000_000L), b.fileSha256().substring(0, 12),
                b.rowDigest().substring(0, 12), b.manifest().getFileName()));
        say.line("the legacy rows as the demo sees them (plain SQL, its own digest): " + legacyRows.describe());
        say.step("decant retire orders --backup " + file.getFileName());
        RetireResult r = retire(file);
        say.line(String.format("backup checked against its manifest and against the legacy rows; %,d legacy rows deleted"
                + " in batches in %s; phase RETIRED (version %d)", r.rowsDeleted(), DemoJourney.seconds(r.millis() * 1_000_000L),
                r.version()));
        return new Retired(file, b, r);
    }

    /**
     * {@code decant retire}, as an operator runs it: when only the journal refuses (the monolith still
     * writes, and a key a crashed or failed write left waits for the repairer, which a loaded machine
     * can keep waiting), runs {@code decant repair} as the message says and asks again, at most three
     * times.
     */
    private RetireResult retire(Path file) {
        for (int attempt = 1; ; attempt++) {
            ProgressListener bar = say.bar();
            try {
                return operator.retire(DemoConfig.MIGRATION, file, false, actor, bar);
            } catch (DecantException e) {
                boolean journalOnly = e.code() == ErrorCode.GUARD_REFUSED && !e.details().isEmpty()
                        && e.details().stream().allMatch(d -> d.startsWith("journal:"));
                if (!journalOnly || attempt == 3) {
                    throw e;
                }
                say.line(e.details().get(0));
                RepairResult repaired = operator.repair(DemoConfig.MIGRATION, false, ProgressListener.NONE);
                say.line(String.format("decant repair orders: %,d keys repaired, %,d failed; retiring again", repaired.repaired(),
                        repaired.failed()));
            } finally {
                close(bar);
            }
        }
    }

    /** {@code decant restore}: loads the backup back into the legacy table. */
    String restore(Retired retired) {
        ProgressListener bar = say.bar();
        RestoreResult r;
        try {
            r = operator.restore(DemoConfig.MIGRATION, retired.backup(), actor, bar);
        } finally {
            close(bar);
        }
        return String.format("decant restore orders --backup %s: %,d rows loaded and their digest checked, in %s;"
                        + " phase %s -> %s", retired.backup().getFileName(), r.rows(), DemoJourney.seconds(r.millis() * 1_000_000L),
                r.from(), r.to());
    }

    static void close(ProgressListener bar) {
        if (bar instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // a progress bar that cannot finish its line is not worth failing for
            }
        }
    }
}
