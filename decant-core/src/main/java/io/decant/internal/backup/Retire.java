package io.decant.internal.backup;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.Phase;
import io.decant.ProgressListener;
import io.decant.RetireResult;
import io.decant.config.InstanceSettings;
import io.decant.config.MigrationConfig;
import io.decant.config.RetireSettings;
import io.decant.control.AuditEntry;
import io.decant.control.ControlStore;
import io.decant.control.MigrationState;
import io.decant.driver.StoreConnection;
import io.decant.store.ColumnDefinition;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Deletes a migration's legacy rows, and only with proof: the preconditions hold
 * ({@link RetirePreconditions}), the backup file is intact ({@link BackupReader}), belongs to this
 * table, and its row digest equals the digest of the legacy rows now. Rows are then deleted in
 * throttled batches in key order, and every row of every batch is compared, while locked, with
 * the next row of the backup: a row the backup does not hold is never deleted.
 *
 * <p>Before the first delete an audit line {@value #STARTED} records the backup's SHA-256 under
 * the current phase version. A retire killed half-way and run again with the same backup finds it,
 * skips the whole-table digest (the table is partly deleted by then) and finishes; the row-by-row
 * comparison still guards every delete. Then the table is optionally dropped and the migration
 * moves NEW_ONLY → RETIRED with an audit line {@value #RETIRE}. Deferred journal entries are kept.
 */
public final class Retire {
    static final String STARTED = "retire-started";
    static final String RETIRE = "retire";
    private static final int MARKER_SEARCH = 500;

    private final LegacyTable legacy;
    private final RetireSettings settings;
    private final RetirePreconditions preconditions;
    private final java.util.function.Supplier<Optional<io.decant.store.KeySource>> generator;

    public Retire(MigrationConfig migration, StoreConnection legacyStore, ControlStore control, InstanceSettings instances) {
        this.legacy = new LegacyTable(migration, legacyStore, control);
        this.generator = () -> legacyStore.keySource(new io.decant.store.TableRef(migration.source().store(),
                migration.source().table(), migration.source().key(), migration.source().key(), Optional.empty()),
                migration.source().keySequence());
        this.settings = migration.retire();
        this.preconditions = new RetirePreconditions(control, instances, migration.verify());
    }

    public RetireResult run(Path backupFile, boolean drop, String actor, ProgressListener progress) {
        long started = System.nanoTime();
        String task = "retire " + legacy.name();
        MigrationState state = legacy.state();
        List<String> evidence = preconditions.require(state);
        if (drop) {
            List<String> inUse = GeneratorUse.problems(legacy.describe(), generator.get(), legacy.control().keyFences().fence(legacy.name()));
            if (!inUse.isEmpty()) {
                throw new DecantException(ErrorCode.GUARD_REFUSED, "retire " + legacy.name() + " --drop refused: the legacy"
                        + " table's key generator is still in use; nothing was deleted (without --drop the rows can be"
                        + " retired and the table kept)", inUse, null);
            }
        }
        evidence.forEach(line -> progress.message("ok " + line));

        progress.message("checking backup " + backupFile);
        BackupReader backup = BackupReader.open(backupFile, n -> progress.update("check backup", n, -1));
        backup.requireSource(legacy.name(), legacy.migration().source().store(), legacy.migration().source().table());
        Manifest manifest = backup.manifest();
        String detail = "backup=" + backup.file().toAbsolutePath() + " sha256=" + manifest.fileSha256();

        boolean resumed = startedWith(state, manifest.fileSha256());
        Optional<List<ColumnDefinition>> columns = legacy.existingColumns();
        if (!resumed) {
            requireSameRows(backup, columns, progress);
            legacy.control().phases().audit(new AuditEntry(0, legacy.name(), null, actor, STARTED, state.phase(), state.phase(),
                    state.version(), null, false, detail + " rows=" + manifest.rowCount()));
        } else {
            progress.message("resuming the retire started with this backup under version " + state.version());
        }

        long deleted = 0;
        boolean dropped = false;
        if (columns.isPresent()) {
            deleted = deleteMatchingRows(backup, columns.get(), resumed, task, progress);
            if (drop) {
                if (!legacy.bulk().dropIfEmpty()) {
                    throw new DecantException(ErrorCode.GUARD_REFUSED, "rows were written to legacy table "
                            + legacy.describe() + " while its rows were being deleted; the table was not dropped and"
                            + " the migration stays in NEW_ONLY; find the writer, then take a new backup and retire again");
                }
                dropped = true;
            }
        } else {
            dropped = true;
        }
        MigrationState now = legacy.state();
        if (now.phase() != Phase.NEW_ONLY || now.version() != state.version()) {
            throw new DecantException(ErrorCode.FAILURE, "the phase of " + legacy.name() + " changed during retire (now "
                    + now.phase() + " at version " + now.version() + "); the legacy rows were deleted: put them back with"
                    + " 'decant restore " + legacy.name() + " --backup " + backupFile + "'");
        }
        AuditEntry audit = new AuditEntry(0, legacy.name(), null, actor, RETIRE, Phase.NEW_ONLY, Phase.RETIRED,
                state.version() + 1, null, false, detail + " rows=" + manifest.rowCount() + (dropped ? " dropped" : ""));
        MigrationState retired = legacy.control().phases().transition(state, Phase.RETIRED, audit).orElseThrow(() ->
                new DecantException(ErrorCode.FAILURE, "another operator changed the phase of " + legacy.name()
                        + " during retire; the legacy rows were deleted: run 'decant status " + legacy.name() + "'"));
        return new RetireResult(backup.file().toAbsolutePath(), manifest.fileSha256(), deleted, resumed, dropped,
                retired.version(), (System.nanoTime() - started) / 1_000_000);
    }

    /** Whether a retire with this backup was started under the current phase version (and so may be resumed). */
    private boolean startedWith(MigrationState state, String fileSha256) {
        return legacy.control().phases().auditTail(legacy.name(), MARKER_SEARCH).stream()
                .filter(a -> STARTED.equals(a.action()) && a.version() == state.version())
                .findFirst()
                .map(a -> a.detail() != null && a.detail().contains("sha256=" + fileSha256))
                .orElse(false);
    }

    private void requireSameRows(BackupReader backup, Optional<List<ColumnDefinition>> columns, ProgressListener progress) {
        String table = legacy.describe();
        if (columns.isEmpty()) {
            throw new DecantException(ErrorCode.FAILURE, "legacy table " + table + " does not exist; nothing to retire");
        }
        List<String> schema = LegacyTable.schemaDifferences(columns.get(), backup.header().columns());
        if (!schema.isEmpty()) {
            throw new DecantException(ErrorCode.GUARD_REFUSED, "legacy table " + table + " changed shape since the backup;"
                    + " take a new backup; nothing was deleted", schema, null);
        }
        RowDigest digest = new RowDigest(backup.header().codec());
        String task = "digest " + table;
        long total = backup.manifest().rowCount();
        legacy.bulk().stream(backup.header().columns(), row -> {
            digest.add(row);
            if (digest.rows() % 10_000 == 0) {
                progress.update(task, digest.rows(), total);
            }
        });
        String now = digest.finish();
        progress.update(task, digest.rows(), total);
        Manifest m = backup.manifest();
        if (digest.rows() != m.rowCount() || !now.equals(m.rowDigest())) {
            throw new DecantException(ErrorCode.GUARD_REFUSED, "legacy rows of " + table + " changed since the backup;"
                    + " take a new backup and retire with it; nothing was deleted",
                    List.of("backup " + backup.file() + ": " + m.rowCount() + " rows, digest " + m.rowDigest(),
                            "table now: " + digest.rows() + " rows, digest " + now), null);
        }
    }

    private long deleteMatchingRows(BackupReader backup, List<ColumnDefinition> tableColumns, boolean resumed,
                                    String task, ProgressListener progress) {
        List<ColumnDefinition> columns = backup.header().columns();
        if (!LegacyTable.schemaDifferences(tableColumns, columns).isEmpty()) {
            throw new DecantException(ErrorCode.GUARD_REFUSED, "legacy table " + legacy.describe()
                    + " changed shape since the retire started; restore it from the backup");
        }
        long total = backup.manifest().rowCount();
        Throttle throttle = new Throttle(settings.maxRowsPerSecond());
        long deleted = 0;
        List<String> names = columns.stream().map(ColumnDefinition::name).toList();
        int[] keyIndex = legacy.migration().source().key().stream().mapToInt(names::indexOf).toArray();
        try (BackupReader.Rows rows = backup.rows()) {
            BackupMatcher matcher = new BackupMatcher(rows, backup.header().codec(), resumed, legacy.describe());
            progress.update(task, 0, total);
            List<Object> after = null;
            List<List<Object>> approvedLast = new java.util.ArrayList<>(1);
            while (true) {
                approvedLast.clear();
                int n = legacy.bulk().deleteBatch(columns, after, settings.batchRows(), batch -> {
                    matcher.approve(batch);
                    Object[] last = batch.get(batch.size() - 1);
                    approvedLast.add(java.util.Arrays.stream(keyIndex).mapToObj(i -> last[i]).toList());
                });
                if (n == 0) {
                    if (after == null) {
                        break;
                    }
                    after = null; // a last pass from the start: a row written behind us must match the backup too
                    continue;
                }
                after = approvedLast.get(0);
                deleted += n;
                progress.update(task, matcher.position(), total);
                throttle.pause(deleted);
            }
            progress.update(task, total, total);
        }
        return deleted;
    }
}
